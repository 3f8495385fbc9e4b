package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DocumentServiceTest {

    private final TestStorage storage = new TestStorage();
    private final Engine engine = new Engine(EngineLimits.DEFAULTS);
    private final ProjectRepository repository = new ProjectRepository(storage);
    private final DocumentStore store = new DocumentStore(storage);
    private final DocumentService documents = service(3);
    private final ProjectService projects = new ProjectService(repository, documents, store, Clock.systemUTC(), Duration.ofDays(30));

    private DocumentService service(int snapshotEvery) {
        return new DocumentService(engine, repository, store, Clock.systemUTC(), snapshotEvery, 16);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private String newProject() {
        return projects.create("user-1", "Test", 800, 600).id();
    }

    private static Op rect(String id) {
        return Op.create("op-" + id, id, NodeType.RECT, "root", Map.of("x", 1));
    }

    @Test
    void applyStoresAndReloads() {
        String projectId = newProject();
        for (int i = 0; i < 7; i++) {
            BatchResult result = documents.apply(projectId, List.of(rect("r" + i)), "user-1");
            assertThat(result.revision()).isEqualTo(i + 1);
        }

        DocumentSnapshot reloaded = service(3).load(projectId);

        assertThat(reloaded).isEqualTo(documents.load(projectId));
        assertThat(reloaded.revision()).isEqualTo(7);
        assertThat(repository.find(projectId).orElseThrow().snapshotRevision()).isEqualTo(6);
        assertThat(repository.find(projectId).orElseThrow().revision()).isEqualTo(7);
    }

    @Test
    void rejectedBatchIsNotStored() {
        String projectId = newProject();
        BatchResult rejected = documents.apply(projectId, List.of(rect("a"), Op.set("bad", "a", Map.of("opacity", 3))), "user-1");

        assertThat(rejected.applied()).isFalse();
        assertThat(store.hasEntry(projectId, 1)).isFalse();
        assertThat(service(3).load(projectId).nodes()).hasSize(1);
    }

    @Test
    void replayedBatchIsNotLoggedTwice() {
        String projectId = newProject();
        List<Op> batch = List.of(rect("a"));
        documents.apply(projectId, batch, "user-1");

        BatchResult replay = documents.apply(projectId, batch, "user-1");

        assertThat(replay.outcomes()).extracting(OpOutcome::status).containsExactly(OpOutcome.DUPLICATE);
        assertThat(store.hasEntry(projectId, 2)).isFalse();
    }

    @Test
    void listenersSeeChangesInOrder() throws Exception {
        String projectId = newProject();
        List<DocumentChange> seen = new ArrayList<>();
        AutoCloseable subscription = documents.subscribe(projectId, seen::add);
        documents.apply(projectId, List.of(rect("a")), "user-1");
        documents.apply(projectId, List.of(rect("b")), "user-2");
        subscription.close();
        documents.apply(projectId, List.of(rect("c")), "user-1");

        assertThat(seen).extracting(DocumentChange::revision).containsExactly(1L, 2L);
        assertThat(seen.get(1).authorId()).isEqualTo("user-2");
    }

    @Test
    void twoNodesShareOneOrder() {
        String projectId = newProject();
        DocumentService otherNode = service(3);
        documents.apply(projectId, List.of(rect("a")), "user-1");
        otherNode.apply(projectId, List.of(rect("b")), "user-2");

        BatchResult result = documents.apply(projectId, List.of(rect("c")), "user-1");

        assertThat(result.revision()).isEqualTo(3);
        assertThat(otherNode.load(projectId)).isEqualTo(documents.load(projectId));
        assertThat(service(3).load(projectId).nodes()).hasSize(4);
    }

    @Test
    void replaceMarksMissingNodesDeleted() {
        String projectId = newProject();
        documents.apply(projectId, List.of(rect("a")), "user-1");
        DocumentSnapshot version = documents.load(projectId);
        documents.apply(projectId, List.of(rect("b")), "user-1");

        long revision = documents.replace(projectId, version, "user-1");

        assertThat(revision).isEqualTo(3);
        BatchResult late = documents.apply(projectId, List.of(Op.set("late", "b", Map.of("x", 5))), "user-2");
        assertThat(late.outcomes()).extracting(OpOutcome::status).containsExactly(OpOutcome.DELETED_TARGET);
        DocumentSnapshot reloaded = service(3).load(projectId);
        assertThat(reloaded.nodes()).extracting(n -> n.id()).containsExactly("root", "a");
        assertThat(reloaded.revision()).isEqualTo(3);
    }

    @Test
    void trashedProjectIsNotFound() {
        String projectId = newProject();
        projects.moveToTrash("user-1", projectId);

        assertThatThrownBy(() -> documents.load(projectId)).isInstanceOf(ProjectNotFoundException.class);
        assertThatThrownBy(() -> documents.apply(projectId, List.of(rect("a")), "user-1")).isInstanceOf(ProjectNotFoundException.class);
    }

    @Test
    void documentAbove16MegabytesRoundTrips() {
        String projectId = newProject();
        DocumentService eager = service(5);
        Random random = new Random(7);
        List<Op> batch = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            batch.add(Op.create("big-" + i, "t" + i, NodeType.TEXT, "root", Map.of("text", randomText(random, 500))));
            if (batch.size() == 10_000) {
                assertThat(eager.apply(projectId, batch, "user-1").applied()).isTrue();
                batch = new ArrayList<>();
            }
        }
        DocumentSnapshot expected = eager.load(projectId);
        long textChars = expected.nodes().stream().skip(1).mapToLong(n -> ((String) n.props().get("text")).length()).sum();
        assertThat(textChars).isGreaterThan(16L * 1024 * 1024);

        ProjectRecord project = repository.find(projectId).orElseThrow();
        DocumentSnapshot stored = store.readSnapshot(projectId, project.snapshotFile());

        assertThat(stored.revision()).isEqualTo(5);
        assertThat(stored).isEqualTo(expected);
        assertThat(storage.bucket(DocumentStore.BUCKET).find(com.mongodb.client.model.Filters.eq("_id", project.snapshotFile()))
                .first().getLength()).as("compressed snapshot bytes").isGreaterThan(16L * 1024 * 1024);
        assertThat(service(1).load(projectId)).isEqualTo(expected);
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;!?";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
