package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.projects.internal.ProjectRepository.ThumbnailState;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.TestDispatcher;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Server-made thumbnails through the DS component: edits committed over REST and through
 * {@code ProjectDocuments.apply} (the collaboration room's path) end in a rendered thumbnail.
 * Uses the real engine, a MongoDB wire-protocol server and a short quiet period.
 */
class ProjectThumbnailsTest {

    private static final long QUIET_MILLIS = 100;
    private static final long WAIT_MILLIS = 15_000;

    private final ComponentWiring wiring = new ComponentWiring();
    private final ProjectRepository repository = new ProjectRepository(wiring.storage);
    private final FakeImageStore images = new FakeImageStore();
    private ProjectsComponent component;

    @AfterEach
    void stop() {
        wiring.close();
    }

    /** Starts the component with the configuration defaults but a short quiet period and maximum delay. */
    private TestDispatcher start() throws Exception {
        component = wiring.activate(Map.of("thumbnailQuietMillis", QUIET_MILLIS, "thumbnailMaxDelayMillis", 1_000L), images);
        return new TestDispatcher(component.routes(), component);
    }

    /** Polls until the condition holds; fails after {@link #WAIT_MILLIS}. */
    private static void await(String description, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + description).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private ThumbnailState state(String projectId) {
        return repository.thumbnailState(projectId).orElseThrow();
    }

    private BufferedImage decode(String sha256) throws Exception {
        try (InputStream in = images.openBytes(sha256)) {
            return ImageIO.read(in);
        }
    }

    @Test
    void restAndRoomEditsGetThumbnail() throws Exception {
        TestDispatcher api = start();
        String id = api.call("alice", "POST", "/api/projects", Map.of("name", "Poster", "width", 400.0, "height", 400.0))
                .json().get("id").asText();

        TestDispatcher.Result rest = api.call("alice", "POST", "/api/projects/" + id + "/ops", Map.of("ops", List.of(
                Op.create("op-1", "rect", NodeType.RECT, "root", Map.of("x", 0, "y", 0, "width", 200, "height", 400, "fill", "#00ff00")))));
        assertThat(rest.status()).isEqualTo(200);
        await("the thumbnail of revision 1", () -> state(id).revision() == 1);
        BufferedImage first = decode(state(id).thumbnail());

        BatchResult room = component.apply(id, List.of(Op.set("op-2", "rect", Map.of("fill", "#0000ff"))), "alice");
        assertThat(room.applied()).isTrue();
        await("the thumbnail of revision 2", () -> state(id).revision() == 2);
        BufferedImage second = decode(state(id).thumbnail());

        assertThat(first.getWidth()).isEqualTo(1024);
        assertThat(first.getRGB(100, 500)).isEqualTo(0xFF00FF00);
        assertThat(first.getRGB(900, 500)).isNotEqualTo(0xFF00FF00);
        assertThat(second.getRGB(100, 500)).isEqualTo(0xFF0000FF);
        assertThat(api.call("alice", "GET", "/api/projects/" + id, null).json().get("thumbnail").asText())
                .isEqualTo(state(id).thumbnail());
    }

    @Test
    void failingStoreNeverFailsEdits() throws Exception {
        TestDispatcher api = start();
        String id = api.call("alice", "POST", "/api/projects", Map.of("name", "Poster")).json().get("id").asText();
        images.failStores(true);

        BatchResult first = component.apply(id, List.of(Op.create("op-1", "rect", NodeType.RECT, "root", Map.of())), "alice");
        await("a failed store attempt", () -> images.storeCalls() >= 1);
        images.failStores(false);
        BatchResult second = component.apply(id, List.of(Op.set("op-2", "rect", Map.of("x", 5))), "alice");

        assertThat(first.applied()).isTrue();
        assertThat(second.applied()).isTrue();
        await("the thumbnail after the next edit", () -> state(id).revision() == 2);
    }
}
