package io.pixelcraft.collab.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A Jetty {@link Session} without a network: it records text and close calls, and completes
 * writes at once or keeps their callbacks pending for tests of a slow client.
 */
final class NoopSession {

    final List<String> sent = new ArrayList<>();
    final List<Callback> pendingWrites = new ArrayList<>();
    boolean completeWrites = true;
    int closeCode;
    boolean open = true;
    final Session session;

    private NoopSession() {
        session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendText" -> {
                        synchronized (this) {
                            sent.add((String) args[0]);
                            if (completeWrites) {
                                ((Callback) args[1]).succeed();
                            } else {
                                pendingWrites.add((Callback) args[1]);
                            }
                        }
                        yield null;
                    }
                    case "close" -> {
                        if (args != null && args.length == 3) {
                            closeCode = (Integer) args[0];
                            open = false;
                        }
                        yield null;
                    }
                    case "isOpen" -> open;
                    case "toString" -> "NoopSession";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static Session create() {
        return new NoopSession().session;
    }

    static NoopSession recording() {
        return new NoopSession();
    }
}
