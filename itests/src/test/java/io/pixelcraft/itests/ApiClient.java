package io.pixelcraft.itests;

import java.io.IOException;
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
