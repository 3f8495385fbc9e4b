package io.pixelcraft.plugin.host.internal.commands;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/** Names the console user for the audit log. */
final class ConsoleActor {

    private ConsoleActor() {
    }

    /**
     * Returns {@code console:} and the name of the Karaf user principal of the running shell
     * session, or {@code console:unknown} when the session has none.
     */
    @SuppressWarnings("removal")
    static String current() {
        // Karaf runs each command inside the session's JAAS subject; Subject.getSubject is
        // deprecated in later Java releases but is the way to read it on Java 17.
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (Principal principal : subject.getPrincipals()) {
                if (principal.getClass().getSimpleName().equals("UserPrincipal")) {
                    return "console:" + principal.getName();
                }
            }
        }
        return "console:unknown";
    }
}
