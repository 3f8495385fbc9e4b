package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP requests to the WebSocket endpoint that are not a valid WebSocket handshake. */
class PlainGetTest {

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Sends one HTTP/1.1 request with the given extra header lines and returns the raw response. */
    private String get(String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/projects/x HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void plainGetNeedsUpgrade() throws IOException {
        String response = get("");

        assertThat(response).startsWith("HTTP/1.1 426 ");
        assertThat(response).containsIgnoringCase("\r\nUpgrade: websocket\r\n");
        assertThat(response).contains("no 'Upgrade: websocket' header");
    }

    @Test
    void incompleteHandshakeIsBadRequest() throws IOException {
        String response = get("Upgrade: websocket\r\n");

        // Jetty rejects this handshake itself, before doGet runs.
        assertThat(response).startsWith("HTTP/1.1 400 ");
    }
}
