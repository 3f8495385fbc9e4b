package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.project.ProjectLifecycle;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrashPurgeTest {

    private static final String IN_OP = "a1".repeat(32);
    private static final String IN_SNAPSHOT = "b2".repeat(32);
    private static final String THUMBNAIL = "c3".repeat(32);
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant TRASHED_AT = Instant.parse("2026-12-01T10:00:00Z");

    private final TestStorage storage = new TestStorage();
    private final Clock trashClock = Clock.fixed(TRASHED_AT, ZoneOffset.UTC);
    private final Clock purgeClock = Clock.fixed(TRASHED_AT.plus(RETENTION).plusSeconds(1), ZoneOffset.UTC);
    private final ProjectRepository repository = new ProjectRepository(storage);
    private final DocumentStore store = new DocumentStore(storage);
    private final DocumentService documents = new DocumentService(new Engine(EngineLimits.DEFAULTS), repository, store,
            trashClock, 50, 16);
    private final ProjectService projects = new ProjectService(repository, documents, store, trashClock, RETENTION);
    private final FakeImageStore images = new FakeImageStore()
            .upload(IN_OP, "alice").upload(IN_SNAPSHOT, "alice").upload(THUMBNAIL, "alice");
    private final List<String> purgedIds = new ArrayList<>();
    private final List<ProjectLifecycle> lifecycles = new ArrayList<>(List.<ProjectLifecycle>of(purgedIds::add));

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private TrashPurge purge(Clock clock, boolean withImageStore) {
        return new TrashPurge(repository, store, clock, RETENTION, () -> withImageStore ? images : null, lifecycles);
    }

    /** Creates a project whose op log, a stored snapshot and thumbnail each name one image, and trashes it. */
    private String trashedProjectWithImages() {
        String id = projects.create("alice", "Poster", 400, 300).id();
        documents.apply(id, List.of(Op.create("o1", "pic", NodeType.IMAGE, "root",
                Map.of("image", IN_OP, "width", 10, "height", 10))), "alice");
        DocumentSnapshot current = documents.load(id);
        List<Node> nodes = new ArrayList<>(current.nodes());
        nodes.add(new Node("restored", "image", "root", "a9", Map.of("image", IN_SNAPSHOT)));
        store.writeSnapshot(id, new DocumentSnapshot(DocumentSnapshot.FORMAT, current.revision(), nodes, List.of(), List.of()));
        projects.patch("alice", id, null, THUMBNAIL);
        for (String sha256 : List.of(IN_OP, IN_SNAPSHOT, THUMBNAIL)) {
            images.link(sha256, ImageReference.project(id));
        }
        projects.moveToTrash("alice", id);
        return id;
    }

    @Test
    void purgeRemovesDocumentsAndReferences() {
        String id = trashedProjectWithImages();
        ImageReference otherProject = ImageReference.project("ffffffffffffffffffffffff");
        images.link(IN_OP, otherProject);

        assertThat(purge(purgeClock, true).purgeExpired()).isEqualTo(1);

        assertThat(purgedIds).containsExactly(id);
        assertThat(repository.find(id)).isEmpty();
        assertThat(store.hasEntry(id, 1)).isFalse();
        assertThat(store.snapshotFiles(id)).isEmpty();
        assertThat(images.references(IN_OP)).containsExactly(otherProject);
        assertThat(images.references(IN_SNAPSHOT)).isEmpty();
        assertThat(images.references(THUMBNAIL)).isEmpty();
    }

    @Test
    void purgeKeepsProjectInRetention() {
        String id = trashedProjectWithImages();

        assertThat(purge(trashClock, true).purgeExpired()).isZero();

        assertThat(purgedIds).isEmpty();
        assertThat(repository.find(id)).isPresent();
        assertThat(images.references(IN_OP)).containsExactly(ImageReference.project(id));
    }

    @Test
    void failedLifecycleIsRetriedNextRun() {
        String id = trashedProjectWithImages();
        AtomicInteger failures = new AtomicInteger(1);
        lifecycles.add(projectId -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("store unreachable");
            }
        });
        TrashPurge purge = purge(purgeClock, true);

        assertThat(purge.purgeExpired()).isZero();
        assertThat(repository.find(id)).isPresent();
        assertThat(store.hasEntry(id, 1)).isTrue();
        assertThat(images.references(IN_OP)).containsExactly(ImageReference.project(id));

        assertThat(purge.purgeExpired()).isEqualTo(1);
        assertThat(purgedIds).containsExactly(id, id);
        assertThat(repository.find(id)).isEmpty();
        assertThat(images.references(IN_OP)).isEmpty();
    }

    @Test
    void purgeWaitsForImageStore() {
        String id = trashedProjectWithImages();

        assertThat(purge(purgeClock, false).purgeExpired()).isZero();
        assertThat(repository.find(id)).isPresent();

        assertThat(purge(purgeClock, true).purgeExpired()).isEqualTo(1);
        assertThat(images.references(THUMBNAIL)).isEmpty();
    }

    @Test
    void purgeWaitsForRequiredLifecycle() {
        String id = trashedProjectWithImages();
        Set<String> registered = new HashSet<>(Set.of("share"));
        TrashPurge purge = new TrashPurge(repository, store, purgeClock, RETENTION, () -> images, lifecycles,
                Set.of("versions", "share"), () -> Set.copyOf(registered));

        assertThat(purge.purgeExpired()).isZero();
        assertThat(purgedIds).isEmpty();
        assertThat(repository.find(id)).isPresent();

        registered.add("versions");
        assertThat(purge.purgeExpired()).isEqualTo(1);
        assertThat(purgedIds).containsExactly(id);
        assertThat(repository.find(id)).isEmpty();
    }

    @Test
    void purgeWithoutImagesNeedsNoImageStore() {
        String id = projects.create("alice", "Empty", 400, 300).id();
        projects.moveToTrash("alice", id);

        assertThat(purge(purgeClock, false).purgeExpired()).isEqualTo(1);
        assertThat(repository.find(id)).isEmpty();
        assertThat(store.snapshotFiles(id)).isEmpty();
    }
}
