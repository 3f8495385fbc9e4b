package io.pixelcraft.accounts.internal.commands;

import io.pixelcraft.api.account.AccountService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "user-password-reset",
        description = "Invalidates a user's password, ends their sessions and mails a link to set a new one.")
@Service
public class UserPasswordResetCommand implements Action {

    @Reference
    AccountService accounts;

    @Argument(index = 0, name = "email", required = true, description = "Email address of the user.")
    String email;

    @Override
    public Object execute() {
        accounts.resetPassword(email);
        System.out.println("Password of " + email.strip() + " invalidated, sessions ended; a reset link was queued for mailing.");
        return null;
    }
}
