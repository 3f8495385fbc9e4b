package io.pixelcraft.collab.internal;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The WebSocket clients that one test opens, so that its tear-down can abort those still open. */
final class OpenClients implements AutoCloseable {

    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    /** Tracks a client that the test connected itself, for example with an {@code Origin} header. */
    TestClient add(TestClient client) {
        clients.add(client);
        return client;
    }

    /** Connects a client to the URI with the user id as its bearer token, or with none for {@code null}. */
    TestClient connect(URI uri, String user) {
        return add(TestClient.connect(uri, user));
    }

    /** Connects a client, sends a protocol 1 join without {@code lastSeq} and waits for the welcome. */
    TestClient joined(URI uri, String user) throws InterruptedException {
        TestClient client = connect(uri, user);
        client.send("{\"type\":\"join\",\"protocol\":1}");
        client.next("welcome");
        return client;
    }

    /** Aborts every client that is still open. */
    @Override
    public void close() {
        for (TestClient client : clients) {
            if (client.isOpen()) {
                client.abort();
            }
        }
    }
}
