package io.pixelcraft.accounts.internal.commands;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.SessionInfo;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "pixelcraft", name = "session-list", description = "Lists active browser sessions, of one user or of all.")
@Service
public class SessionListCommand implements Action {

    @Reference
    AccountService accounts;

    @Argument(index = 0, name = "email", required = false, description = "Lists only this user's sessions.")
    String email;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Session");
        table.column("Email");
        table.column("Created");
        table.column("Last seen");
        table.column("Expires");
        table.column("Client");
        table.column("User agent");
        for (SessionInfo session : accounts.listSessions(Optional.ofNullable(email))) {
            table.addRow().addContent(session.id(), session.email(), session.createdAt(), session.lastSeenAt(),
                    session.expiresAt(), session.clientAddress(), session.userAgent());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
