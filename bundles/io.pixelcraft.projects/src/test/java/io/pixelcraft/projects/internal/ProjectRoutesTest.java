package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.web.FieldViolation;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.MutableClock;
import io.pixelcraft.testing.TestDispatcher;
import io.pixelcraft.testing.TestStorage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectRoutesTest {

    private final TestStorage storage = new TestStorage();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Engine engine = new Engine(EngineLimits.DEFAULTS);
    private final ProjectRepository repository = new ProjectRepository(storage);
    private final DocumentStore store = new DocumentStore(storage);
    private final DocumentService documents = new DocumentService(engine, repository, store, clock, 50, 16);
    private final ProjectService projects = new ProjectService(repository, documents, store, clock, Duration.ofDays(30),
            () -> new TestAccounts("alice", "bob", "carol", "victor").disabled("dora"));
    private final TestDispatcher api = new TestDispatcher(
            new ProjectRoutes(projects, documents, () -> null, () -> new FakeImageStore().upload("ab".repeat(32), "alice"),
                    engine, () -> ImageLookup.NONE, () -> FilterLookup.NONE, 1920, 1080).routes(),
            projects);

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private String createProject(String userId, String name) {
        TestDispatcher.Result result = api.call(userId, "POST", "/api/projects", Map.of("name", name, "width", 400.0, "height", 300.0));
        assertThat(result.status()).isEqualTo(201);
        return result.json().get("id").asText();
    }

    @Test
    void createAndGetProject() {
        String id = createProject("alice", "  Poster  ");

        TestDispatcher.Result result = api.call("alice", "GET", "/api/projects/" + id, null);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().get("name").asText()).isEqualTo("Poster");
        assertThat(result.json().get("role").asText()).isEqualTo("owner");
        assertThat(result.json().get("ownerId").asText()).isEqualTo("alice");
        assertThat(result.json().get("createdAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
    }

    @Test
    void createRejectsBadInput() {
        assertThat(api.call("alice", "POST", "/api/projects", Map.of("name", " ")).error().violations())
                .extracting(FieldViolation::field).containsExactly("name");
        assertThat(api.call("alice", "POST", "/api/projects", Map.of("name", "x".repeat(201))).status()).isEqualTo(400);
        assertThat(api.call("alice", "POST", "/api/projects", Map.of("name", "x", "width", 0.0)).status()).isEqualTo(400);
        assertThat(api.call("alice", "POST", "/api/projects", Map.of("name", "x", "colour", "red")).status()).isEqualTo(400);
    }

    @Test
    void nonMemberGetsNotFound() {
        String id = createProject("alice", "Private");

        assertThat(api.call("mallory", "GET", "/api/projects/" + id, null).status()).isEqualTo(404);
        assertThat(api.call("mallory", "GET", "/api/projects/" + id + "/document", null).status()).isEqualTo(404);
        assertThat(api.call("mallory", "GET", "/api/projects/not-an-id", null).status()).isEqualTo(404);
    }

    @Test
    void listPagesNewestFirst() {
        for (int i = 0; i < 5; i++) {
            createProject("alice", "P" + i);
        }
        createProject("bob", "Other");

        JsonNode first = api.call("alice", "GET", "/api/projects?limit=2", null).json();
        JsonNode second = api.call("alice", "GET", "/api/projects?limit=2&cursor=" + first.get("next").asText(), null).json();
        JsonNode third = api.call("alice", "GET", "/api/projects?limit=2&cursor=" + second.get("next").asText(), null).json();

        assertThat(first.get("items")).extracting(n -> n.get("name").asText()).containsExactly("P4", "P3");
        assertThat(second.get("items")).extracting(n -> n.get("name").asText()).containsExactly("P2", "P1");
        assertThat(third.get("items")).extracting(n -> n.get("name").asText()).containsExactly("P0");
        assertThat(third.get("next").isNull()).isTrue();
        assertThat(api.call("alice", "GET", "/api/projects?cursor=zzz", null).status()).isEqualTo(400);
    }

    @Test
    void patchRenamesProject() {
        String id = createProject("alice", "Old");

        TestDispatcher.Result result = api.call("alice", "PATCH", "/api/projects/" + id, Map.of("name", "New"));

        assertThat(result.json().get("name").asText()).isEqualTo("New");
        assertThat(api.call("alice", "PATCH", "/api/projects/" + id, Map.of()).status()).isEqualTo(400);
        assertThat(api.call("alice", "PATCH", "/api/projects/" + id, Map.of("thumbnail", "nothex")).status()).isEqualTo(400);
    }

    @Test
    void trashAndRestore() {
        String id = createProject("alice", "Doomed");

        assertThat(api.call("alice", "DELETE", "/api/projects/" + id, null).status()).isEqualTo(204);
        assertThat(api.call("alice", "GET", "/api/projects/" + id, null).status()).isEqualTo(404);
        assertThat(api.call("alice", "GET", "/api/projects", null).json().get("items")).isEmpty();
        JsonNode trash = api.call("alice", "GET", "/api/projects?trash=true", null).json().get("items");
        assertThat(trash).extracting(n -> n.get("id").asText()).containsExactly(id);
        assertThat(trash.get(0).get("purgeAt").asText()).isEqualTo("2026-12-31T10:00:00Z");

        clock.advance(Duration.ofDays(29));
        assertThat(api.call("bob", "POST", "/api/projects/" + id + "/restore", null).status()).isEqualTo(404);
        assertThat(api.call("alice", "POST", "/api/projects/" + id + "/restore", null).status()).isEqualTo(200);
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/document", null).status()).isEqualTo(200);
    }

    @Test
    void restoreAfterRetentionIsGoneAndPurged() {
        String id = createProject("alice", "Old");
        api.call("alice", "DELETE", "/api/projects/" + id, null);
        clock.advance(Duration.ofDays(31));

        assertThat(api.call("alice", "POST", "/api/projects/" + id + "/restore", null).status()).isEqualTo(410);
        assertThat(new TrashPurge(repository, store, clock, Duration.ofDays(30), () -> null, List.of()).purgeExpired()).isEqualTo(1);
        assertThat(repository.find(id)).isEmpty();
        assertThat(store.hasEntry(id, 0)).isFalse();
    }

    @Test
    void opsApplyAndDocumentReturnsNodes() {
        String id = createProject("alice", "Doc");
        Map<String, Object> batch = Map.of("ops", List.of(
                Map.of("kind", "create", "opId", "c1", "node", "r1", "type", "rect", "parent", "root", "props", Map.of("x", 10, "fill", "#ff0000")),
                Map.of("kind", "set", "opId", "c2", "node", "r1", "props", Map.of("opacity", 0.5))));

        TestDispatcher.Result result = api.call("alice", "POST", "/api/projects/" + id + "/ops", batch);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().get("revision").asLong()).isEqualTo(1);
        assertThat(result.json().get("outcomes")).extracting(n -> n.get("status").asText()).containsExactly("applied", "applied");
        JsonNode document = api.call("alice", "GET", "/api/projects/" + id + "/document", null).json();
        assertThat(document.get("revision").asLong()).isEqualTo(1);
        assertThat(document.get("nodes").get(1).get("props").get("opacity").asDouble()).isEqualTo(0.5);
        assertThat(document.get("nodes").get(1).get("type").asText()).isEqualTo("rect");
    }

    @Test
    void invalidBatchNamesOpFieldAndRule() {
        String id = createProject("alice", "Doc");
        Map<String, Object> batch = Map.of("ops", List.of(
                Map.of("kind", "create", "opId", "c1", "node", "r1", "type", "rect", "parent", "root"),
                Map.of("kind", "set", "opId", "c2", "node", "r1", "props", Map.of("opacity", 2))));

        TestDispatcher.Result result = api.call("alice", "POST", "/api/projects/" + id + "/ops", batch);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("ops[1].props.opacity");
            assertThat(v.rule()).isEqualTo("range");
        });
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/document", null).json().get("nodes")).hasSize(1);
        assertThat(api.call("alice", "POST", "/api/projects/" + id + "/ops", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void emptyOpBatchIsRejected() {
        String id = createProject("alice", "Doc");

        TestDispatcher.Result result = api.call("alice", "POST", "/api/projects/" + id + "/ops", Map.of("ops", List.of()));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("ops");
            assertThat(v.rule()).isEqualTo("size");
        });
        assertThat(api.call("alice", "GET", "/api/projects/" + id, null).json().get("revision").asLong()).isZero();
    }

    @Test
    void exportTooLargeSuggestsRouteOptions() {
        String id = api.call("alice", "POST", "/api/projects", Map.of("name", "Huge", "width", 100_000.0, "height", 100_000.0))
                .json().get("id").asText();

        TestDispatcher.Result atScaleOne = api.call("alice", "GET", "/api/projects/" + id + "/export", null);
        TestDispatcher.Result atScaleTwo = api.call("alice", "GET", "/api/projects/" + id + "/export?scale=2", null);

        assertThat(atScaleOne.status()).isEqualTo(422);
        assertThat(atScaleOne.error().detail()).endsWith("Export one node with node=<id>; the whole canvas is too large to export");
        assertThat(atScaleOne.error().detail()).doesNotContain("region");
        assertThat(atScaleTwo.status()).isEqualTo(422);
        assertThat(atScaleTwo.error().detail()).endsWith("Export with scale=1, or export one node with node=<id>");
    }

    /** Returns a dispatcher whose export route renders with its own engine and filters. */
    private TestDispatcher exportApi(Engine exportEngine, FilterLookup filters) {
        return new TestDispatcher(new ProjectRoutes(projects, documents, () -> null, () -> new FakeImageStore(),
                exportEngine, () -> ImageLookup.NONE, () -> filters, 1920, 1080).routes(), projects);
    }

    private String createBlurredProject() {
        String id = createProject("alice", "Blurred");
        api.call("alice", "POST", "/api/projects/" + id + "/ops", Map.of("ops", List.of(
                Op.create("e1", "box", NodeType.RECT, "root", Map.of("width", 40, "height", 20, "fill", "#0000ff",
                        "filters", List.of(Map.of("id", "test.blur", "version", "1.0")))))));
        return id;
    }

    @Test
    void exportAboveMemoryBudgetIs422() {
        String id = createProject("alice", "Art");
        TestDispatcher small = exportApi(new Engine(EngineLimits.DEFAULTS, 100 * 1024, 0), FilterLookup.NONE);

        TestDispatcher.Result result = small.call("alice", "GET", "/api/projects/" + id + "/export?scale=2", null);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.error().detail()).startsWith("Rendering 800 × 600 pixels needs about 2 MB of memory, "
                + "above the render memory budget of 1 MB");
        assertThat(result.error().detail()).endsWith("Export with scale=1, or export one node with node=<id>");
    }

    @Test
    void exportWhileMemoryBusyIs503() throws Exception {
        String id = createBlurredProject();
        CountDownLatch filtering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FilterLookup blocking = (filterId, range) -> Optional.of((input, params, scale) -> {
            filtering.countDown();
            release.await(10, TimeUnit.SECONDS);
            return input;
        });
        // Room for one render of this project at a time, and no wait for the second.
        TestDispatcher busy = exportApi(new Engine(EngineLimits.DEFAULTS, 400 * 300 * 4 * 7, 0), blocking);

        CompletableFuture<TestDispatcher.Result> first = CompletableFuture.supplyAsync(
                () -> busy.call("alice", "GET", "/api/projects/" + id + "/export", null));
        assertThat(filtering.await(10, TimeUnit.SECONDS)).isTrue();
        TestDispatcher.Result second = busy.call("alice", "GET", "/api/projects/" + id + "/export", null);
        release.countDown();

        assertThat(second.status()).isEqualTo(503);
        assertThat(second.headers()).containsEntry("Retry-After", "10");
        assertThat(second.error().detail()).startsWith("Rendering 400 × 300 pixels needs about 4 MB of memory");
        assertThat(second.error().detail()).endsWith("Retry after 10 s, or lower the memory the export needs: "
                + "export one node with node=<id>");
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void exportOutOfMemoryIs503() {
        String id = createBlurredProject();
        FilterLookup exhausting = (filterId, range) -> Optional.of((input, params, scale) -> {
            throw new OutOfMemoryError("Java heap space");
        });

        TestDispatcher.Result result = exportApi(engine, exhausting).call("alice", "GET", "/api/projects/" + id + "/export", null);

        assertThat(result.status()).isEqualTo(503);
        assertThat(result.headers()).containsEntry("Retry-After", "10");
        assertThat(result.error().detail()).startsWith("Rendering 400 × 300 pixels ran the server out of memory");
    }

    @Test
    void viewerCannotApplyOps() {
        String id = createProject("alice", "Doc");
        api.call("alice", "PUT", "/api/projects/" + id + "/members/victor", Map.of("role", "viewer"));

        TestDispatcher.Result result = api.call("victor", "POST", "/api/projects/" + id + "/ops",
                Map.of("ops", List.of(Op.create("v1", "r", NodeType.RECT, "root", Map.of()))));

        assertThat(result.status()).isEqualTo(403);
        assertThat(api.call("victor", "GET", "/api/projects/" + id + "/document", null).status()).isEqualTo(200);
    }

    @Test
    void exportPngAndJpeg() throws IOException {
        String id = createProject("alice", "Art");
        api.call("alice", "POST", "/api/projects/" + id + "/ops", Map.of("ops", List.of(
                Op.create("e1", "box", NodeType.RECT, "root", Map.of("x", 100, "y", 50, "width", 40, "height", 20, "fill", "#0000ff")),
                Op.create("e2", "pic", NodeType.IMAGE, "root", Map.of("image", "ab".repeat(32), "filters",
                        List.of(Map.of("id", "example.blur", "version", "[1.0,2.0)")))))));

        TestDispatcher.Result png = api.call("alice", "GET", "/api/projects/" + id + "/export?format=png&scale=2", null);
        TestDispatcher.Result jpeg = api.call("alice", "GET", "/api/projects/" + id + "/export?format=jpeg", null);
        TestDispatcher.Result node = api.call("alice", "GET", "/api/projects/" + id + "/export?node=box", null);

        BufferedImage pngImage = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertThat(png.headers()).containsEntry("Content-Type", "image/png");
        assertThat(pngImage.getWidth()).isEqualTo(800);
        assertThat(pngImage.getHeight()).isEqualTo(600);
        assertThat(pngImage.getRGB(2 * 120, 2 * 60) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(png.headers().get("PixelCraft-Render-Issues")).startsWith("2 ").contains("filter-missing:pic");
        assertThat(jpeg.headers()).containsEntry("Content-Type", "image/jpeg");
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg.bytes())).getWidth()).isEqualTo(400);
        BufferedImage nodeImage = ImageIO.read(new ByteArrayInputStream(node.bytes()));
        assertThat(nodeImage.getWidth()).isEqualTo(40);
        assertThat(nodeImage.getHeight()).isEqualTo(20);
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/export?format=gif", null).status()).isEqualTo(400);
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/export?scale=3", null).status()).isEqualTo(400);
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/export?node=missing", null).status()).isEqualTo(404);
    }

    @Test
    void membersAndOwnershipTransfer() {
        String id = createProject("alice", "Team");
        assertThat(api.call("alice", "PUT", "/api/projects/" + id + "/members/bob", Map.of("role", "editor")).status()).isEqualTo(200);
        assertThat(api.call("bob", "PUT", "/api/projects/" + id + "/members/carol", Map.of("role", "viewer")).status()).isEqualTo(403);
        assertThat(api.call("alice", "PUT", "/api/projects/" + id + "/members/carol", Map.of("role", "boss")).status()).isEqualTo(400);
        assertThat(api.call("bob", "GET", "/api/projects", null).json().get("items")).hasSize(1);

        assertThat(api.call("alice", "PUT", "/api/projects/" + id + "/members/bob", Map.of("role", "owner")).status()).isEqualTo(200);

        JsonNode members = api.call("bob", "GET", "/api/projects/" + id + "/members", null).json();
        assertThat(members).extracting(m -> m.get("userId").asText() + "=" + m.get("role").asText())
                .containsExactlyInAnyOrder("alice=editor", "bob=owner");
        assertThat(api.call("bob", "GET", "/api/projects/" + id, null).json().get("ownerId").asText()).isEqualTo("bob");
        assertThat(api.call("alice", "DELETE", "/api/projects/" + id, null).status()).isEqualTo(403);
        assertThat(api.call("bob", "DELETE", "/api/projects/" + id + "/members/bob", null).status()).isEqualTo(409);
        assertThat(api.call("alice", "DELETE", "/api/projects/" + id + "/members/alice", null).status()).isEqualTo(204);
        assertThat(api.call("alice", "GET", "/api/projects/" + id, null).status()).isEqualTo(404);
        assertThat(api.call("alice", "GET", "/api/projects", null).json().get("items")).isEmpty();
    }

    @Test
    void putMemberRejectsUnknownUser() {
        String id = createProject("alice", "Team");

        TestDispatcher.Result result = api.call("alice", "PUT", "/api/projects/" + id + "/members/ghost-user-0001", Map.of("role", "owner"));

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.error().detail()).contains("ghost-user-0001");
        JsonNode members = api.call("alice", "GET", "/api/projects/" + id + "/members", null).json();
        assertThat(members).extracting(m -> m.get("userId").asText() + "=" + m.get("role").asText())
                .containsExactly("alice=owner");
        assertThat(api.call("alice", "GET", "/api/projects/" + id, null).json().get("ownerId").asText()).isEqualTo("alice");
    }

    @Test
    void putMemberRejectsDisabledUser() {
        String id = createProject("alice", "Team");

        TestDispatcher.Result result = api.call("alice", "PUT", "/api/projects/" + id + "/members/dora", Map.of("role", "editor"));

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.error().detail()).contains("dora");
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/members", null).json()).hasSize(1);
    }

    @Test
    void putMemberWithoutAccountService() {
        ProjectService withoutAccounts = new ProjectService(repository, documents, store, clock, Duration.ofDays(30), () -> null);
        TestDispatcher bare = new TestDispatcher(new ProjectRoutes(withoutAccounts, documents, engine, () -> ImageLookup.NONE,
                () -> FilterLookup.NONE, 1920, 1080).routes(), withoutAccounts);
        String id = createProject("alice", "Team");

        TestDispatcher.Result result = bare.call("alice", "PUT", "/api/projects/" + id + "/members/bob", Map.of("role", "editor"));

        assertThat(result.status()).isEqualTo(503);
        assertThat(result.headers()).containsKey("Retry-After");
        assertThat(api.call("alice", "GET", "/api/projects/" + id + "/members", null).json()).hasSize(1);
    }

    @Test
    void createRejectsControlCharactersInName() {
        for (String name : List.of("a\u0000b", "tab\there", "a\u007fb", "\ud800", "x\udc00y", "end\ud83d")) {
            TestDispatcher.Result result = api.call("alice", "POST", "/api/projects", Map.of("name", name));

            assertThat(result.status()).as("status for %s", name.codePoints().boxed().toList()).isEqualTo(400);
            assertThat(result.error().violations()).extracting(FieldViolation::field).containsExactly("name");
            assertThat(result.error().violations()).extracting(FieldViolation::rule).containsExactly("format");
        }
        assertThat(api.call("alice", "GET", "/api/projects", null).json().get("items")).isEmpty();
    }

    @Test
    void nameKeepsPairedSurrogates() {
        String id = createProject("alice", "Poster \ud83c\udfa8");

        assertThat(api.call("alice", "GET", "/api/projects/" + id, null).json().get("name").asText()).isEqualTo("Poster \ud83c\udfa8");
    }

    @Test
    void patchRejectsControlCharactersInName() {
        String id = createProject("alice", "Poster");

        TestDispatcher.Result result = api.call("alice", "PATCH", "/api/projects/" + id, Map.of("name", "a\u001bb"));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations()).extracting(FieldViolation::rule).containsExactly("format");
    }

    @Test
    void timestampsKeepMillisecondsAcrossReads() {
        clock.advance(Duration.ofNanos(123_456_789));

        TestDispatcher.Result created = api.call("alice", "POST", "/api/projects", Map.of("name", "Precise"));
        String id = created.json().get("id").asText();
        JsonNode read = api.call("alice", "GET", "/api/projects/" + id, null).json();

        assertThat(created.json().get("createdAt").asText()).isEqualTo("2026-12-01T10:00:00.123Z");
        assertThat(read.get("createdAt").asText()).isEqualTo(created.json().get("createdAt").asText());
        assertThat(read.get("updatedAt").asText()).isEqualTo(created.json().get("updatedAt").asText());
    }
}
