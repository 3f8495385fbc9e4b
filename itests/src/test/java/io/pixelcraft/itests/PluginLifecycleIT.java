package io.pixelcraft.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.pixelcraft.api.plugin.FilterPipeline;
import io.pixelcraft.api.plugin.FilterStep;
import io.pixelcraft.api.plugin.Raster;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bson.Document;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Installs, upgrades and uninstalls the duotone example plugin while a project that uses its
 * filter is open in a collaboration session, without restarting anything, and checks what the
 * export route and the {@link FilterPipeline} render at each step.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginLifecycleIT extends PluginTestSupport {

    private static final String SYMBOLIC_NAME = "io.pixelcraft.example.duotone";
    private static final String FILTER_ID = "example.duotone";
    private static final String UPGRADE_VERSION = "1.1.0";
    private static final String NODE_ID = "r1";

    private static final int RED = 0xFFFF0000;

    /**
     * Red through duotone from black to white at contrast 1: red's luma is 0.299, so every
     * channel becomes round(0.299 * 255) = 76.
     */
    private static final int RED_IN_DUOTONE = 0xFF4C4C4C;

    @Configuration
    public Option[] configuration() {
        return pluginDistribution(Map.of());
    }

    @Test
    public void duotoneInstallUpgradeUninstallWhileOpen() throws Exception {
        byte[] jar = Files.readAllBytes(builtFile(DUOTONE_JAR_PROPERTY, "",
                "build the example first: ./mvnw -B -o install -pl plugin-examples/duotone"));
        byte[] upgrade = withHeader(jar, "Bundle-Version", UPGRADE_VERSION);
        String token = adminToken();
        FilterPipeline pipeline = awaitService(FilterPipeline.class);
        String projectId = projectWithFilteredNode(token);

        try (HealthMonitor health = new HealthMonitor(); CollabSession session = CollabSession.join(baseUrl(), projectId, token)) {
            assertNull("duotone installed before the test", installedBundle(SYMBOLIC_NAME));
            assertExport(projectId, token, RED, "filter-missing:" + NODE_ID);

            // Install: the open project's node renders through the filter.
            HttpResponse<String> installed = uploadPlugin(jar, token);
            assertEquals("POST /api/plugins with duotone: " + installed.body(), 201, installed.statusCode());
            Document plugin = Document.parse(installed.body());
            assertEquals("state after install", "ACTIVE", plugin.getString("state"));
            long bundleId = ((Number) plugin.get("bundleId")).longValue();
            poll("export with duotone applied", () -> assertExport(projectId, token, RED_IN_DUOTONE, null));

            Raster source = Raster.filled(4, 4, RED);
            String sourceHash = "lifecycle-red-4x4";
            FilterPipeline.Result first = render(pipeline, sourceHash, source);
            assertEquals("pipeline output with duotone 1.0", RED_IN_DUOTONE, first.raster().argb(2, 2));
            assertTrue("second render of the same source and version served from the cache",
                    render(pipeline, sourceHash, source).cached());

            // Upgrade in place: same bundle, new version, and the cache does not serve the old result.
            HttpResponse<String> upgraded = uploadPlugin(upgrade, token);
            assertEquals("POST /api/plugins with duotone " + UPGRADE_VERSION + ": " + upgraded.body(), 201, upgraded.statusCode());
            Document upgradedPlugin = Document.parse(upgraded.body());
            assertEquals("version after upgrade", UPGRADE_VERSION, upgradedPlugin.getString("version"));
            assertEquals("bundle id after upgrade", bundleId, ((Number) upgradedPlugin.get("bundleId")).longValue());
            poll("filter listed with version " + UPGRADE_VERSION, () -> {
                Document filter = listedFilter(FILTER_ID, token);
                assertNotNull(FILTER_ID + " not listed", filter);
                assertEquals("listed version of " + FILTER_ID, UPGRADE_VERSION, filter.getString("version"));
                return filter;
            });
            FilterPipeline.Result afterUpgrade = render(pipeline, sourceHash, source);
            assertEquals("skipped steps after upgrade: " + afterUpgrade.skipped(), 0, afterUpgrade.skipped().size());
            assertFalse("render after upgrade served from the cache of the old version", afterUpgrade.cached());
            assertEquals("pipeline output with duotone " + UPGRADE_VERSION, RED_IN_DUOTONE, afterUpgrade.raster().argb(2, 2));
            assertExport(projectId, token, RED_IN_DUOTONE, null);

            // Uninstall: the document still loads and renders, without the filter and with the reason.
            HttpResponse<String> removed = send("DELETE", "/api/plugins/" + SYMBOLIC_NAME, null, null, token);
            assertEquals("DELETE /api/plugins/" + SYMBOLIC_NAME + ": " + removed.body(), 204, removed.statusCode());
            assertNull("duotone bundle after uninstall", installedBundle(SYMBOLIC_NAME));
            poll("export without duotone", () -> assertExport(projectId, token, RED, "filter-missing:" + NODE_ID));

            FilterPipeline.Result afterUninstall = render(pipeline, sourceHash, source);
            assertEquals("pipeline output without duotone", RED, afterUninstall.raster().argb(2, 2));
            assertEquals("skipped steps after uninstall", 1, afterUninstall.skipped().size());
            assertEquals("reason of the skipped step", "Filter " + FILTER_ID + " is not installed",
                    afterUninstall.skipped().get(0).reason());

            Document document = expectJson(200, "GET", "/api/projects/" + projectId + "/document", null, token);
            assertTrue("document keeps the node's filter list: " + document.toJson(), document.toJson().contains(FILTER_ID));

            Document ack = session.send("{\"type\":\"ops\",\"batch\":\"lifecycle-1\",\"ops\":[{\"kind\":\"set\","
                    + "\"opId\":\"lifecycle:2\",\"node\":\"" + NODE_ID + "\",\"props\":{\"opacity\":0.5}}]}", "ack");
            assertEquals("batch of the ack", "lifecycle-1", ack.getString("batch"));

            health.assertAlwaysHealthy();
        }
    }

    /**
     * Creates a project with one red rectangle whose filter list contains duotone from black to
     * white, and returns the project id.
     */
    private String projectWithFilteredNode(String token) {
        String projectId = expectJson(201, "POST", "/api/projects", "{\"name\":\"Plugin lifecycle\"}", token).getString("id");
        String create = "{\"ops\":[{\"kind\":\"create\",\"opId\":\"lifecycle:1\",\"node\":\"" + NODE_ID + "\",\"type\":\"rect\","
                + "\"parent\":\"root\",\"index\":0,\"props\":{\"x\":10,\"y\":10,\"width\":40,\"height\":30,\"fill\":\"#ff0000\","
                + "\"filters\":[{\"id\":\"" + FILTER_ID + "\",\"version\":\"[1.0,2.0)\","
                + "\"params\":{\"dark\":\"#000000\",\"light\":\"#ffffff\"}}]}}]}";
        expectJson(200, "POST", "/api/projects/" + projectId + "/ops", create, token);
        return projectId;
    }

    /**
     * Exports the node as PNG and checks the colour at its centre and the render issues header:
     * {@code issue} must be listed in it, or the header must be absent when {@code issue} is null.
     */
    private Void assertExport(String projectId, String token, int expectedArgb, String issue) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/projects/" + projectId + "/export?node=" + NODE_ID))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        HttpResponse<byte[]> response;
        BufferedImage image;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("status of the export", 200, response.statusCode());
            image = ImageIO.read(new ByteArrayInputStream(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("Export of project " + projectId + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the export of project " + projectId, e);
        }
        assertNotNull("export is not a readable PNG", image);

        int centre = image.getRGB(image.getWidth() / 2, image.getHeight() / 2);
        assertEquals("colour at the centre of the export, as hex", Integer.toHexString(expectedArgb), Integer.toHexString(centre));
        String issues = response.headers().firstValue("PixelCraft-Render-Issues").orElse(null);
        if (issue == null) {
            assertNull("render issues of the export", issues);
        } else {
            assertNotNull("render issues header of the export", issues);
            assertTrue("render issues of the export: " + issues, issues.contains(issue));
        }
        return null;
    }

    private static FilterPipeline.Result render(FilterPipeline pipeline, String sourceHash, Raster source) {
        return pipeline.render(sourceHash, source, List.of(new FilterStep(FILTER_ID,
                Map.of("dark", "#000000", "light", "#ffffff"))));
    }

    /** A joined collaboration WebSocket session: the project stays open in a room while it lasts. */
    private static final class CollabSession implements WebSocket.Listener, AutoCloseable {

        private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);

        private final BlockingQueue<Document> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        /** Connects with a bearer token, sends {@code join} and waits for {@code welcome}. */
        static CollabSession join(String baseUrl, String projectId, String token) throws Exception {
            CollabSession session = new CollabSession();
            URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/projects/" + projectId);
            session.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(uri, session)
                    .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Document welcome = session.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":null}", "welcome");
            assertTrue("welcome snapshot holds the node: " + welcome.toJson(), welcome.toJson().contains(FILTER_ID));
            return session;
        }

        /** Sends a message and returns the first reply of the given type, failing on a timeout. */
        Document send(String json, String replyType) throws Exception {
            socket.sendText(json, true).get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Document message = messages.poll(200, TimeUnit.MILLISECONDS);
                if (message != null && replyType.equals(message.getString("type"))) {
                    return message;
                }
                assertFalse("collaboration session replied " + (message == null ? "" : message.toJson()),
                        message != null && List.of("error", "rejected").contains(message.getString("type")));
            }
            throw new AssertionError("No " + replyType + " message within " + REPLY_TIMEOUT + " after " + json);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(Document.parse(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() throws Exception {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "test finished").get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
