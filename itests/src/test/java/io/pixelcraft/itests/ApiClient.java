package io.pixelcraft.itests;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.bson.Document;

/** A small JSON-over-HTTP client for tests that drive the distribution from outside. */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Sends a request with an optional JSON body and bearer token; either may be null. */
    HttpResponse<String> send(String method, String path, String json, String bearer, String cookie,
            String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (csrf != null) {
            builder.header("X-CSRF-Token", csrf);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String json, String bearer)
            throws IOException, InterruptedException {
        return send(method, path, json, bearer, null, null);
    }

    /**
     * Announces a JSON body of {@code contentLength} bytes but sends none, and returns the status
     * line and the rest of the answer. A server that enforces its body limit answers from the
     * {@code Content-Length} header alone. A raw socket is used because the JDK 17 HTTP client
     * reports a broken pipe, or with {@code Expect: 100-continue} waits forever, when the server
     * answers before reading the body.
     */
    String sendOversizedHead(String method, String path, long contentLength, String bearer) throws IOException {
        URI uri = URI.create(base + path);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String head = method + " " + uri.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + contentLength + "\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends a request that must succeed with the given status and returns its JSON object body. */
    Document expect(int status, String method, String path, String json, String bearer)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, path, json, bearer);
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got "
                    + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? new Document() : Document.parse(response.body());
    }
}
