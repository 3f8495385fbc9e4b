package io.pixelcraft.collab.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A protocol client on the JDK's WebSocket implementation. Messages go to a handler when one is
 * set, otherwise into a queue that tests read with {@link #next}.
 */
final class TestClient implements WebSocket.Listener {

    /** How the server closed the socket. */
    record Close(int code, String reason) {
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Consumer<JsonNode> handler;
    private WebSocket socket;

    static TestClient connect(URI uri, String token) {
        return connect(uri, token, null, null);
    }

    static TestClient connect(URI uri, String token, String origin, Consumer<JsonNode> handler) {
        TestClient client = new TestClient();
        client.handler = handler;
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    synchronized void send(String text) {
        if (!socket.isOutputClosed()) {
            socket.sendText(text, true).join();
        }
    }

    void abort() {
        socket.abort();
        closed.complete(new Close(1006, "aborted by the client"));
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    /** Returns the next message of the type, skipping others, or fails after the timeout. */
    JsonNode next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long remaining = deadline - System.nanoTime();
            JsonNode message = messages.poll(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("No '" + type + "' message within 5 s");
            }
            if (type.equals(message.path("type").asText())) {
                return message;
            }
        }
    }

    Close awaitClose() {
        return closed.orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                JsonNode message = JsonCodec.MAPPER.readTree(text);
                Consumer<JsonNode> current = handler;
                if (current != null) {
                    current.accept(message);
                } else {
                    messages.add(message);
                }
            } catch (Exception e) {
                closed.completeExceptionally(e);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(1006, String.valueOf(error)));
    }
}
