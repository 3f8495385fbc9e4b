package io.pixelcraft.accounts.internal.commands;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.UserInfo;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "user-create",
        description = "Creates a user without a password and mails them a link to set one.")
@Service
public class UserCreateCommand implements Action {

    @Reference
    AccountService accounts;

    @Argument(index = 0, name = "email", required = true, description = "Email address of the new user.")
    String email;

    @Argument(index = 1, name = "displayName", required = true, description = "Name shown to collaborators; quote it when it has spaces.")
    String displayName;

    @Option(name = "--admin", description = "Makes the user a platform administrator.")
    boolean admin;

    @Override
    public Object execute() {
        UserInfo user = accounts.createUser(email, displayName, admin);
        System.out.println("Created user " + user.id() + " <" + user.email() + ">" + (admin ? " as administrator" : "")
                + "; a link to set the password was queued for mailing.");
        return null;
    }
}
