package io.pixelcraft.accounts.internal.commands;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.UserInfo;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "pixelcraft", name = "user-list", description = "Lists users by registration time.")
@Service
public class UserListCommand implements Action {

    @Reference
    AccountService accounts;

    @Option(name = "--offset", description = "Number of users to skip.")
    int offset = 0;

    @Option(name = "--limit", description = "Maximum number of users to list.")
    int limit = 100;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Email");
        table.column("Name");
        table.column("Admin");
        table.column("Disabled");
        table.column("Created");
        for (UserInfo user : accounts.listUsers(offset, limit)) {
            table.addRow().addContent(user.id(), user.email(), user.displayName(), user.admin(), user.disabled(),
                    user.createdAt());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
