package io.pixelcraft.accounts.internal.commands;

import io.pixelcraft.api.account.AccountService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "session-revoke", description = "Ends browser sessions by their id from session-list.")
@Service
public class SessionRevokeCommand implements Action {

    @Reference
    AccountService accounts;

    @Argument(index = 0, name = "sessionIds", required = true, multiValued = true, description = "Session ids from session-list.")
    java.util.List<String> sessionIds;

    @Override
    public Object execute() {
        int missing = 0;
        for (String id : sessionIds) {
            if (accounts.revokeSession(id)) {
                System.out.println("Session " + id + " revoked.");
            } else {
                System.out.println("Session " + id + " not found or already ended.");
                missing++;
            }
        }
        if (missing > 0) {
            throw new IllegalArgumentException(missing + " of " + sessionIds.size() + " sessions were not found.");
        }
        return null;
    }
}
