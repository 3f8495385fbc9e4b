package io.pixelcraft.accounts.internal.commands;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.UserInfo;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "user-disable",
        description = "Blocks sign-in for a user, ends their sessions and suspends their tokens; --enable allows sign-in again.")
@Service
public class UserDisableCommand implements Action {

    @Reference
    AccountService accounts;

    @Argument(index = 0, name = "email", required = true, description = "Email address of the user.")
    String email;

    @Option(name = "--enable", description = "Allows sign-in again instead of blocking it.")
    boolean enable;

    @Override
    public Object execute() {
        UserInfo user = accounts.setDisabled(email, !enable);
        System.out.println("User " + user.email() + (user.disabled() ? " is disabled." : " is enabled."));
        return null;
    }
}
