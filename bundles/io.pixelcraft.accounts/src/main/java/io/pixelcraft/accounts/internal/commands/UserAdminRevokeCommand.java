package io.pixelcraft.accounts.internal.commands;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.UserInfo;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "user-admin-revoke", description = "Removes the platform administrator flag from a user.")
@Service
public class UserAdminRevokeCommand implements Action {

    @Reference
    AccountService accounts;

    @Argument(index = 0, name = "email", required = true, description = "Email address of the user.")
    String email;

    @Override
    public Object execute() {
        UserInfo user = accounts.setAdmin(email, false);
        System.out.println("User " + user.email() + (user.admin() ? " is" : " is no longer") + " an administrator.");
        return null;
    }
}
