package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.projects.internal.ProjectRepository.ThumbnailState;
import io.pixelcraft.projects.internal.ThumbnailRenderer.Outcome;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.TestStorage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rendering, storing and replacing thumbnails with the real engine and a MongoDB wire-protocol server. */
class ThumbnailRendererTest {

    private static final int RED = 0xFFFF0000;

    private final TestStorage storage = new TestStorage();
    private final Engine engine = new Engine(EngineLimits.DEFAULTS);
    private final ProjectRepository repository = new ProjectRepository(storage);
    private final DocumentStore store = new DocumentStore(storage);
    private final DocumentService documents = new DocumentService(engine, repository, store, Clock.systemUTC(), 200, 16);
    private final ProjectService projects = new ProjectService(repository, documents, store, Clock.systemUTC(), Duration.ofDays(30));
    private final FakeImageStore images = new FakeImageStore();

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private ThumbnailRenderer renderer(Supplier<ImageStore> imageStore) {
        return new ThumbnailRenderer(repository, documents, engine, imageStore, () -> sha256 -> Optional.of(images.readPixels(sha256)),
                () -> FilterLookup.NONE, 1024);
    }

    private ThumbnailRenderer renderer() {
        return renderer(() -> images);
    }

    /** Creates an 800 × 600 project with a red 200 × 100 rectangle at (100, 100). */
    private String projectWithRedRect() {
        String projectId = projects.create("alice", "Poster", 800, 600).id();
        documents.apply(projectId, List.of(Op.create("op-1", "rect", NodeType.RECT, "root",
                Map.of("x", 100, "y", 100, "width", 200, "height", 100, "fill", "#ff0000"))), "alice");
        return projectId;
    }

    private BufferedImage decode(String sha256) throws Exception {
        try (InputStream in = images.openBytes(sha256)) {
            return ImageIO.read(in);
        }
    }

    private ThumbnailState state(String projectId) {
        return repository.thumbnailState(projectId).orElseThrow();
    }

    @Test
    void rendersShapeIntoThumbnail() throws Exception {
        String projectId = projectWithRedRect();

        Outcome outcome = renderer().render(projectId);

        assertThat(outcome).isEqualTo(Outcome.RENDERED);
        ThumbnailState state = state(projectId);
        assertThat(state.revision()).isEqualTo(1);
        assertThat(projects.get("alice", projectId).thumbnail()).isEqualTo(state.thumbnail());
        assertThat(images.references(state.thumbnail())).containsExactly(ImageReference.project(projectId));
        BufferedImage thumbnail = decode(state.thumbnail());
        assertThat(thumbnail.getWidth()).isEqualTo(1024);
        assertThat(thumbnail.getHeight()).isEqualTo(768);
        // The rectangle covers (100, 100) to (300, 200) at scale 1024 / 800 = 1.28.
        assertThat(thumbnail.getRGB(256, 192)).isEqualTo(RED);
        assertThat(thumbnail.getRGB(140, 140)).isEqualTo(RED);
        assertThat(thumbnail.getRGB(600, 600)).isNotEqualTo(RED);
        assertThat(thumbnail.getRGB(256, 300)).isNotEqualTo(RED);
    }

    @Test
    void unchangedRevisionSkipsRender() {
        String projectId = projectWithRedRect();
        ThumbnailRenderer renderer = renderer();
        renderer.render(projectId);

        Outcome second = renderer.render(projectId);

        assertThat(second).isEqualTo(Outcome.UNCHANGED);
        assertThat(images.storeCalls()).isEqualTo(1);
    }

    @Test
    void newRevisionReplacesAndUnlinksPrevious() throws Exception {
        String projectId = projectWithRedRect();
        ThumbnailRenderer renderer = renderer();
        renderer.render(projectId);
        String first = state(projectId).thumbnail();
        documents.apply(projectId, List.of(Op.set("op-2", "rect", Map.of("x", 500))), "alice");

        Outcome outcome = renderer.render(projectId);

        assertThat(outcome).isEqualTo(Outcome.RENDERED);
        ThumbnailState state = state(projectId);
        assertThat(state.revision()).isEqualTo(2);
        assertThat(state.thumbnail()).isNotEqualTo(first);
        assertThat(images.references(first)).isEmpty();
        assertThat(images.references(state.thumbnail())).containsExactly(ImageReference.project(projectId));
        assertThat(decode(state.thumbnail()).getRGB(256, 192)).isNotEqualTo(RED);
        assertThat(decode(state.thumbnail()).getRGB(768, 192)).isEqualTo(RED);
    }

    @Test
    void layerImageSetAsThumbnailStaysLinked() throws Exception {
        String projectId = projectWithRedRect();
        BufferedImage blue = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        blue.setRGB(0, 0, 0xFF0000FF);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(blue, "png", png);
        String layerImage = images.put(png.toByteArray());
        images.link(layerImage, ImageReference.project(projectId));
        documents.apply(projectId, List.of(Op.create("op-2", "photo", NodeType.IMAGE, "root",
                Map.of("image", layerImage, "width", 40, "height", 40))), "alice");
        projects.patch("alice", projectId, null, layerImage);

        Outcome outcome = renderer().render(projectId);

        assertThat(outcome).isEqualTo(Outcome.RENDERED);
        assertThat(state(projectId).thumbnail()).isNotEqualTo(layerImage);
        assertThat(images.references(layerImage)).containsExactly(ImageReference.project(projectId));
    }

    @Test
    void storeFailureReportedThenRetried() {
        String projectId = projectWithRedRect();
        ThumbnailRenderer renderer = renderer();
        images.failStores(true);

        Outcome failed = renderer.render(projectId);
        images.failStores(false);
        Outcome retried = renderer.render(projectId);

        assertThat(failed).isEqualTo(Outcome.FAILED);
        assertThat(retried).isEqualTo(Outcome.RENDERED);
        assertThat(state(projectId).revision()).isEqualTo(1);
    }

    @Test
    void missingImageStoreFails() {
        String projectId = projectWithRedRect();

        Outcome outcome = renderer(() -> null).render(projectId);

        assertThat(outcome).isEqualTo(Outcome.FAILED);
        assertThat(state(projectId).thumbnail()).isNull();
    }

    @Test
    void trashedProjectSkipped() {
        String projectId = projectWithRedRect();
        projects.moveToTrash("alice", projectId);

        Outcome outcome = renderer().render(projectId);

        assertThat(outcome).isEqualTo(Outcome.SKIPPED);
        assertThat(images.storeCalls()).isZero();
        assertThat(repository.find(projectId).orElseThrow().thumbnail()).isNull();
    }
}
