package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.FakeImageStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image hashes in batches from WebSocket members: a member may place only images they may read. */
class ImageAccessTest {

    private static final String ALICE_IMAGE = "a1".repeat(32);
    private static final String BOB_IMAGE = "b0".repeat(32);
    private static final String MISSING_IMAGE = "d3".repeat(32);

    private TestServer server;

    /**
     * Returns a store with the imaging bundle's read rule over two uploads, where project roles
     * come from the test server's membership table.
     */
    private ImageStore imageStore() {
        return new FakeImageStore()
                .upload(ALICE_IMAGE, "alice")
                .upload(BOB_IMAGE, "bob")
                .projectAccess((userId, projectId) ->
                        Optional.ofNullable(server.memberships.getOrDefault(projectId, Map.of()).get(userId)));
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog());
        server.manager.imageStore = imageStore();
        server.manager.imageStore.link(ALICE_IMAGE, ImageReference.project("alice-project"));
        server.grant("alice-project", "alice", ProjectRole.OWNER);
        server.grant("bob-project", "bob", ProjectRole.OWNER);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private TestClient join(String projectId, String userId) throws Exception {
        TestClient client = TestClient.connect(server.uri(projectId), userId);
        client.send("{\"type\":\"join\",\"protocol\":1}");
        client.next("welcome");
        return client;
    }

    private static String imageBatch(String batchId, String node, String sha256) {
        return "{\"type\":\"ops\",\"batch\":\"" + batchId + "\",\"ops\":["
                + "{\"kind\":\"create\",\"opId\":\"" + batchId + "-1\",\"node\":\"box-" + node
                + "\",\"type\":\"rect\",\"parent\":\"root\",\"props\":{\"x\":1}},"
                + "{\"kind\":\"create\",\"opId\":\"" + batchId + "-2\",\"node\":\"" + node
                + "\",\"type\":\"image\",\"parent\":\"root\",\"props\":{\"image\":\"" + sha256 + "\"}}]}";
    }

    /** Returns the next ack or rejected message, skipping other messages, or fails after 5 s. */
    private static JsonNode outcome(TestClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            JsonNode message = client.messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("No ack or rejected message within 5 s");
            }
            String type = message.path("type").asText();
            if (type.equals("ack") || type.equals("rejected")) {
                return message;
            }
        }
    }

    @Test
    void foreignImageBatchIsRejected() throws Exception {
        TestClient bob = join("bob-project", "bob");

        bob.send(imageBatch("b1", "stolen", ALICE_IMAGE));
        JsonNode rejected = outcome(bob);

        assertThat(rejected.get("type").asText()).isEqualTo("rejected");
        assertThat(rejected.get("code").asText()).isEqualTo("invalid");
        assertThat(rejected.get("violations")).hasSize(1);
        assertThat(rejected.at("/violations/0/path").asText()).isEqualTo("ops[1].props.image");
        assertThat(rejected.at("/violations/0/rule").asText()).isEqualTo("image-not-readable");
        assertThat(server.opLog.all("bob-project")).isEmpty();
        bob.abort();
    }

    @Test
    void missingImageGetsSameViolation() throws Exception {
        TestClient bob = join("bob-project", "bob");

        bob.send(imageBatch("b1", "missing", MISSING_IMAGE));
        JsonNode rejected = outcome(bob);

        assertThat(rejected.get("code").asText()).isEqualTo("invalid");
        assertThat(rejected.at("/violations/0/rule").asText()).isEqualTo("image-not-readable");
        assertThat(rejected.get("message").asText().replace(MISSING_IMAGE, "<sha>"))
                .isEqualTo("ops[1].props.image names image <sha>, which does not exist or which you may not read: "
                        + "upload the image yourself or use one that this project already contains");
        bob.abort();
    }

    @Test
    void ownImageBatchIsAcknowledged() throws Exception {
        TestClient bob = join("bob-project", "bob");

        bob.send(imageBatch("b1", "own", BOB_IMAGE));
        JsonNode ack = outcome(bob);

        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("seq").asLong()).isEqualTo(1);
        bob.abort();
    }

    @Test
    void memberMayCopyProjectImage() throws Exception {
        server.grant("alice-project", "carol", ProjectRole.EDITOR);
        TestClient carol = join("alice-project", "carol");

        carol.send(imageBatch("c1", "copy", ALICE_IMAGE));
        JsonNode ack = outcome(carol);

        assertThat(ack.get("type").asText()).isEqualTo("ack");
        carol.abort();
    }

    @Test
    void setOpWithForeignImageIsRejected() throws Exception {
        TestClient bob = join("bob-project", "bob");
        bob.send(imageBatch("b1", "pic", BOB_IMAGE));
        assertThat(outcome(bob).get("type").asText()).isEqualTo("ack");

        bob.send("{\"type\":\"ops\",\"batch\":\"b2\",\"ops\":[{\"kind\":\"set\",\"opId\":\"b2-1\",\"node\":\"pic\","
                + "\"props\":{\"image\":\"" + ALICE_IMAGE + "\"}}]}");
        JsonNode rejected = outcome(bob);

        assertThat(rejected.get("type").asText()).isEqualTo("rejected");
        assertThat(rejected.at("/violations/0/path").asText()).isEqualTo("ops[0].props.image");
        assertThat(server.opLog.all("bob-project")).extracting(LoggedBatch::batch).doesNotContain("b2");
        bob.abort();
    }

    @Test
    void withoutImageStoreImageBatchFailsClosed() throws Exception {
        server.manager.imageStore = null;
        TestClient bob = join("bob-project", "bob");

        bob.send(imageBatch("b1", "own", BOB_IMAGE));
        JsonNode rejected = outcome(bob);
        bob.send("{\"type\":\"ops\",\"batch\":\"b2\",\"ops\":[{\"kind\":\"create\",\"opId\":\"b2-1\",\"node\":\"r\","
                + "\"type\":\"rect\",\"parent\":\"root\"}]}");
        JsonNode ack = outcome(bob);

        assertThat(rejected.get("type").asText()).isEqualTo("rejected");
        assertThat(rejected.get("code").asText()).isEqualTo("unavailable");
        assertThat(rejected.get("retryAfterMs").asLong()).isEqualTo(5_000);
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        bob.abort();
    }
}
