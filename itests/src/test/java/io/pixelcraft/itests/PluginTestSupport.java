package io.pixelcraft.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.pixelcraft.api.account.AccountService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.bson.Document;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;

/**
 * Helpers for the plugin container tests: the built plugin jars, a platform administrator with a
 * personal access token, REST calls to the plugin routes and a health monitor that runs while a
 * test installs plugins.
 *
 * <p>{@link #pluginDistribution} runs in the test JVM; every other method runs inside Karaf.
 */
public abstract class PluginTestSupport extends PixelCraftTestSupport {

    /** Folder with the hostile plugin jars that the plugin host module's tests build. */
    protected static final String HOSTILE_PLUGINS_PROPERTY = "pixelcraft.itest.hostile.plugins";

    /** Jar of the duotone example plugin. */
    protected static final String DUOTONE_JAR_PROPERTY = "pixelcraft.itest.duotone.jar";

    private static final String HOST_CONFIG = "etc/io.pixelcraft.plugin.host.cfg";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Returns the options of {@link #distribution()} plus the plugin jar locations, passed on to
     * the container, and the given properties of the plugin host configuration.
     */
    protected static Option[] pluginDistribution(Map<String, String> hostConfig) {
        List<Option> options = new ArrayList<>(List.of(distribution()));
        for (String property : List.of(HOSTILE_PLUGINS_PROPERTY, DUOTONE_JAR_PROPERTY)) {
            String value = System.getProperty(property);
            if (value != null) {
                options.add(systemProperty(property).value(value));
            }
        }
        hostConfig.forEach((key, value) -> options.add(editConfigurationFilePut(HOST_CONFIG, key, value)));
        return options.toArray(new Option[0]);
    }

    /**
     * Returns a file named by a system property, failing with the build step that makes it when
     * it is missing.
     */
    protected static Path builtFile(String property, String relative, String buildHint) {
        String base = System.getProperty(property);
        Path path = base == null ? null : Path.of(base).resolve(relative);
        if (path == null || !Files.exists(path)) {
            throw new AssertionError("Missing " + (path == null ? "system property " + property : path)
                    + "; " + buildHint);
        }
        return path;
    }

    /** Returns the jar of a hostile test plugin, for example {@code ReadsFile}. */
    protected static Path hostileJar(String name) {
        return builtFile(HOSTILE_PLUGINS_PROPERTY, "hostile-" + name + ".jar",
                "build the plugin host with its tests first: ./mvnw -B -o install -pl bundles/io.pixelcraft.plugin.host");
    }

    /**
     * Returns a copy of a bundle jar with one main manifest header set, for example another
     * {@code Bundle-Version}: a second build of the same plugin.
     */
    protected static byte[] withHeader(byte[] jar, String header, String value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name(header), value);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + System.getProperty(HTTP_PORT_PROPERTY);
    }

    /**
     * Sends a request to the distribution and returns the response with its body as text.
     *
     * @param body        the request body, or null for none
     * @param contentType the body's media type, or null
     * @param token       a personal access token, or null for an anonymous request
     */
    protected HttpResponse<String> send(String method, String path, byte[] body, String contentType, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
    }

    /** Sends a JSON request that must return {@code status} and returns its body as a document. */
    protected Document expectJson(int status, String method, String path, String json, String token) {
        HttpResponse<String> response = send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                json == null ? null : "application/json", token);
        assertEquals(method + " " + path + " returned " + response.body(), status, response.statusCode());
        return response.body().isEmpty() ? new Document() : Document.parse(response.body());
    }

    /** Uploads a plugin jar through {@code POST /api/plugins}. */
    protected HttpResponse<String> uploadPlugin(byte[] jar, String token) {
        return send("POST", "/api/plugins", jar, "application/java-archive", token);
    }

    /** Waits until {@code /api/health} returns 200; the web bundle starts after the framework. */
    protected void awaitHealthy() throws InterruptedException {
        poll("GET /api/health returning 200", () -> {
            HttpResponse<String> response = send("GET", "/api/health", null, null, null);
            assertEquals("GET /api/health returned " + response.body(), 200, response.statusCode());
            return response;
        });
    }

    /**
     * Registers a user, grants it the platform administrator flag through the
     * {@link AccountService} and returns a personal access token of that user.
     */
    protected String adminToken() throws InterruptedException {
        awaitHealthy();
        String email = "plugin-admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String registration = "{\"email\":\"" + email + "\",\"password\":\"Plugin-admin-password-1\",\"displayName\":\"Plugin admin\"}";
        HttpResponse<String> registered = send("POST", "/api/auth/register",
                registration.getBytes(StandardCharsets.UTF_8), "application/json", null);
        assertEquals("registration returned " + registered.body(), 201, registered.statusCode());
        String cookie = String.join("; ", registered.headers().allValues("set-cookie").stream()
                .map(value -> value.substring(0, value.indexOf(';')))
                .toList());
        String csrf = Document.parse(registered.body()).getString("csrfToken");

        awaitService(AccountService.class).setAdmin(email, true);

        HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/me/tokens"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"plugin container test\"}"))
                .build();
        try {
            HttpResponse<String> created = http.send(tokenRequest, HttpResponse.BodyHandlers.ofString());
            assertEquals("token creation returned " + created.body(), 201, created.statusCode());
            return Document.parse(created.body()).getString("token");
        } catch (IOException e) {
            throw new UncheckedIOException("POST /api/me/tokens failed", e);
        }
    }

    /** Returns the entry of {@code GET /api/plugins} for a plugin, or null when it is not listed. */
    protected Document listedPlugin(String symbolicName, String token) {
        Document catalogue = expectJson(200, "GET", "/api/plugins", null, token);
        return catalogue.getList("plugins", Document.class).stream()
                .filter(plugin -> symbolicName.equals(plugin.getString("symbolicName")))
                .findFirst().orElse(null);
    }

    /** Returns the entry of {@code GET /api/plugins} for a filter, or null when it is not listed. */
    protected Document listedFilter(String filterId, String token) {
        Document catalogue = expectJson(200, "GET", "/api/plugins", null, token);
        return catalogue.getList("filters", Document.class).stream()
                .filter(filter -> filterId.equals(filter.getString("id")))
                .findFirst().orElse(null);
    }

    /** Returns the installed bundle with a symbolic name, or null. */
    protected Bundle installedBundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /**
     * Calls {@code GET /api/health} every 200 ms on a thread of its own and records every response
     * that is not 200, so a test can check that the platform kept serving while it ran.
     */
    protected final class HealthMonitor implements AutoCloseable {

        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int requests;

        public HealthMonitor() {
            thread = new Thread(this::run, "plugin-itest-health-monitor");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                try {
                    HttpResponse<String> response = send("GET", "/api/health", null, null, null);
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
                requests++;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Stops the monitor and fails unless every health request returned 200. */
        public void assertAlwaysHealthy() throws InterruptedException {
            close();
            assertTrue("No health request completed while the test ran", requests > 0);
            assertTrue("Health requests that did not return 200 (of " + requests + "): " + failures, failures.isEmpty());
        }

        /** Stops the monitor after its current request, which times out after 30 s at most. */
        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(35_000);
        }
    }
}
