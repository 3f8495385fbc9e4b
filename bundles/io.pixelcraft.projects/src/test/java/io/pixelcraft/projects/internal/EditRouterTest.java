package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.collab.LiveRooms;
import io.pixelcraft.api.collab.RemoteRoom;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.TestDispatcher;
import io.pixelcraft.testing.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EditRouterTest {

    /**
     * Stands in for the collaboration bundle: an open room keeps its own copy of the document,
     * applies submitted batches to it and then forwards them to {@link DocumentService}.
     */
    private final class StubRooms implements LiveRooms {
        boolean open;
        boolean closeOnSubmit;
        /** The node that has the project's room open when that is another node, or null. */
        RemoteRoom remote;
        Document room;
        final List<String> submittedBy = new ArrayList<>();
        final List<Boolean> lockFreeDuringIsOpen = new ArrayList<>();

        void openRoom(String projectId) {
            room = engine.open(documents.load(projectId));
            open = true;
        }

        @Override
        public boolean isOpen(String projectId) {
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> documents.locked(projectId, () -> true));
            try {
                other.get(100, TimeUnit.MILLISECONDS);
                lockFreeDuringIsOpen.add(true);
            } catch (Exception e) {
                lockFreeDuringIsOpen.add(false);
            }
            return open;
        }

        @Override
        public Optional<RemoteRoom> remoteRoom(String projectId) {
            return open ? Optional.empty() : Optional.ofNullable(remote);
        }

        @Override
        public Optional<BatchResult> submit(String projectId, String authorId, List<Op> ops) {
            submittedBy.add(authorId);
            if (closeOnSubmit) {
                open = false;
                return Optional.empty();
            }
            BatchResult result = room.apply(ops);
            if (result.applied()) {
                documents.apply(projectId, ops, authorId);
            }
            return Optional.of(result);
        }
    }

    private final TestStorage storage = new TestStorage();
    private final Engine engine = new Engine(EngineLimits.DEFAULTS);
    private final ProjectRepository repository = new ProjectRepository(storage);
    private final DocumentStore store = new DocumentStore(storage);
    private final DocumentService documents = new DocumentService(engine, repository, store, Clock.systemUTC(), 50, 16);
    private final ProjectService projects = new ProjectService(repository, documents, store, Clock.systemUTC(), Duration.ofDays(30));
    private final StubRooms rooms = new StubRooms();
    private final EditRouter router = new EditRouter(documents, () -> rooms);

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private String newProject() {
        String id = projects.create("alice", "Doc", 800, 600).id();
        documents.apply(id, List.of(Op.create("setup-1", "r1", NodeType.RECT, "root", Map.of())), "alice");
        return id;
    }

    private static List<Op> setOpacity(String opId, double value) {
        return List.of(Op.set(opId, "r1", Map.of("opacity", value)));
    }

    @Test
    void noRoomAppliesDirectly() {
        String id = newProject();

        BatchResult result = router.apply(id, setOpacity("o1", 0.5), "bob");

        assertThat(result.applied()).isTrue();
        assertThat(result.revision()).isEqualTo(2);
        assertThat(rooms.submittedBy).isEmpty();
        assertThat(documents.load(id).nodes().get(1).props()).containsEntry("opacity", 0.5);
    }

    @Test
    void isOpenAskedUnderProjectLock() {
        String id = newProject();

        router.apply(id, setOpacity("o1", 0.5), "bob");

        assertThat(rooms.lockFreeDuringIsOpen).containsExactly(false);
    }

    @Test
    void openRoomReceivesBatch() {
        String id = newProject();
        rooms.openRoom(id);

        BatchResult result = router.apply(id, setOpacity("o1", 0.5), "bob");

        assertThat(rooms.submittedBy).containsExactly("bob");
        assertThat(result.revision()).isEqualTo(2);
        assertThat(rooms.room.snapshot().nodes()).isEqualTo(documents.load(id).nodes());
    }

    @Test
    void roomClosedAfterCheckFallsBack() {
        String id = newProject();
        rooms.openRoom(id);
        rooms.closeOnSubmit = true;

        BatchResult result = router.apply(id, setOpacity("o1", 0.5), "bob");

        assertThat(rooms.submittedBy).containsExactly("bob");
        assertThat(result.applied()).isTrue();
        assertThat(documents.load(id).nodes().get(1).props()).containsEntry("opacity", 0.5);
    }

    @Test
    void routeThroughRoomKeepsErrorShape() {
        String id = newProject();
        rooms.openRoom(id);
        TestDispatcher api = new TestDispatcher(new ProjectRoutes(projects, documents, () -> rooms, engine,
                () -> ImageLookup.NONE, () -> FilterLookup.NONE, 1920, 1080).routes(), projects);
        Map<String, Object> invalid = Map.of("ops", List.of(
                Map.of("kind", "set", "opId", "c1", "node", "r1", "props", Map.of("x", 5)),
                Map.of("kind", "set", "opId", "c2", "node", "r1", "props", Map.of("opacity", 2))));
        Map<String, Object> valid = Map.of("ops", List.of(
                Map.of("kind", "set", "opId", "c3", "node", "r1", "props", Map.of("opacity", 0.25))));

        TestDispatcher.Result rejected = api.call("alice", "POST", "/api/projects/" + id + "/ops", invalid);
        TestDispatcher.Result accepted = api.call("alice", "POST", "/api/projects/" + id + "/ops", valid);
        JsonNode document = api.call("alice", "GET", "/api/projects/" + id + "/document", null).json();

        assertThat(rooms.submittedBy).containsExactly("alice", "alice");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.error().getMessage()).startsWith("Op 1 is invalid");
        assertThat(rejected.error().violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("ops[1].props.opacity");
            assertThat(v.rule()).isEqualTo("range");
        });
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("revision").asLong()).isEqualTo(2);
        assertThat(document.get("revision").asLong()).isEqualTo(2);
        assertThat(document.get("nodes").get(1).get("props").get("opacity").asDouble()).isEqualTo(0.25);
    }

    @Test
    void roomOnOtherNodeRejects421() {
        String id = newProject();
        rooms.remote = new RemoteRoom("node-a", "https://node-a.example.org");

        ApiException error = catchThrowableOfType(() -> router.apply(id, setOpacity("o1", 0.5), "bob"),
                ApiException.class);

        assertThat(error).isNotNull();
        assertThat(error.status()).isEqualTo(421);
        assertThat(error.code()).isEqualTo("misdirected");
        assertThat(error.detail()).contains("node-a").contains("https://node-a.example.org");
        assertThat(error.headers()).containsEntry(EditRouter.ROOM_NODE_HEADER, "https://node-a.example.org");
        assertThat(rooms.submittedBy).isEmpty();
        assertThat(documents.load(id).nodes().get(1).props()).doesNotContainKey("opacity");
    }

    @Test
    void roomOnOtherNodeWithoutUrl() {
        String id = newProject();
        rooms.remote = new RemoteRoom("node-a", "");
        TestDispatcher api = new TestDispatcher(new ProjectRoutes(projects, documents, () -> rooms, engine,
                () -> ImageLookup.NONE, () -> FilterLookup.NONE, 1920, 1080).routes(), projects);
        Map<String, Object> batch = Map.of("ops", List.of(
                Map.of("kind", "set", "opId", "c1", "node", "r1", "props", Map.of("opacity", 0.25))));

        TestDispatcher.Result result = api.call("alice", "POST", "/api/projects/" + id + "/ops", batch);

        assertThat(result.status()).isEqualTo(421);
        assertThat(result.error().detail()).contains("node-a").contains("load balancer");
        assertThat(result.headers()).doesNotContainKey(EditRouter.ROOM_NODE_HEADER);
        assertThat(documents.load(id).revision()).isEqualTo(1);
    }

    @Test
    void localRoomWinsOverRemoteLease() {
        String id = newProject();
        rooms.openRoom(id);
        rooms.remote = new RemoteRoom("node-a", "https://node-a.example.org");

        BatchResult result = router.apply(id, setOpacity("o1", 0.5), "bob");

        assertThat(result.applied()).isTrue();
        assertThat(rooms.submittedBy).containsExactly("bob");
    }
}
