package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.web.FieldViolation;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.TestDispatcher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image hashes in op batches and thumbnails, through the REST routes of the wired component: a
 * user may place only images they may read.
 */
class ImageAccessCheckTest {

    private static final String ALICE_IMAGE = "a1".repeat(32);
    private static final String BOB_IMAGE = "b0".repeat(32);
    private static final String PUBLIC_IMAGE = "c2".repeat(32);
    private static final String MISSING_IMAGE = "d3".repeat(32);

    private final ComponentWiring wiring = new ComponentWiring();
    private final FakeImageStore images = new FakeImageStore()
            .upload(ALICE_IMAGE, "alice")
            .upload(BOB_IMAGE, "bob")
            .upload(PUBLIC_IMAGE, "victor");
    private ProjectsComponent component;
    private TestDispatcher api;
    private String aliceProject;
    private String bobProject;

    @BeforeEach
    void start() throws Exception {
        component = wiring.activate(Map.of(), images);
        images.projectAccess(component);
        images.link(PUBLIC_IMAGE, new ImageReference(ImageReference.Kind.PUBLIC, "gallery"));
        api = new TestDispatcher(component.routes(), component);

        aliceProject = createProject("alice", "Alice's photos");
        bobProject = createProject("bob", "Bob's poster");
        TestDispatcher.Result placed = ops("alice", aliceProject, imageNode("a1", "photo", ALICE_IMAGE));
        assertThat(placed.status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        wiring.close();
    }

    private String createProject(String userId, String name) {
        return api.call(userId, "POST", "/api/projects", Map.of("name", name, "width", 100.0, "height", 100.0))
                .json().get("id").asText();
    }

    private TestDispatcher.Result ops(String userId, String projectId, Op... ops) {
        return api.call(userId, "POST", "/api/projects/" + projectId + "/ops", Map.of("ops", List.of(ops)));
    }

    private static Op imageNode(String opId, String node, String sha256) {
        return Op.create(opId, node, NodeType.IMAGE, "root", Map.of("image", sha256, "width", 10, "height", 10));
    }

    private static Principal bob() {
        return new Principal("bob", "bob@example.test", "bob", false, Principal.AuthMethod.TOKEN, "token-bob");
    }

    private int nodeCount(String projectId) {
        return component.load(projectId).nodes().size();
    }

    @Test
    void foreignImageInOwnProjectIsRejected() {
        TestDispatcher.Result result = ops("bob", bobProject,
                Op.create("b1", "box", NodeType.RECT, "root", Map.of("x", 1)),
                imageNode("b2", "stolen", ALICE_IMAGE));

        assertThat(result.status()).isEqualTo(400);
        FieldViolation violation = result.error().violations().get(0);
        assertThat(result.error().violations()).hasSize(1);
        assertThat(violation.field()).isEqualTo("ops[1].props.image");
        assertThat(violation.rule()).isEqualTo("image-not-readable");
        assertThat(result.error().detail()).startsWith("Op 1 is invalid, so no op of the batch was applied");
        assertThat(nodeCount(bobProject)).isEqualTo(1);
        assertThat(images.references(ALICE_IMAGE)).containsExactly(ImageReference.project(aliceProject));
        assertThat(images.mayRead(bob(), ALICE_IMAGE)).isFalse();
    }

    @Test
    void setOpWithForeignImageIsRejected() {
        assertThat(ops("bob", bobProject, imageNode("b1", "pic", BOB_IMAGE)).status()).isEqualTo(200);

        TestDispatcher.Result result = ops("bob", bobProject, Op.set("b2", "pic", Map.of("image", ALICE_IMAGE)));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations()).extracting(FieldViolation::field).containsExactly("ops[0].props.image");
        assertThat(component.load(bobProject).nodes().get(1).props().get("image")).isEqualTo(BOB_IMAGE);
    }

    @Test
    void missingImageGetsSameAnswer() {
        TestDispatcher.Result foreign = ops("bob", bobProject, imageNode("b1", "x", ALICE_IMAGE));
        TestDispatcher.Result missing = ops("bob", bobProject, imageNode("b1", "x", MISSING_IMAGE));

        assertThat(missing.status()).isEqualTo(foreign.status());
        assertThat(missing.error().violations().get(0).rule()).isEqualTo(foreign.error().violations().get(0).rule());
        assertThat(missing.error().detail().replace(MISSING_IMAGE, "<sha>"))
                .isEqualTo(foreign.error().detail().replace(ALICE_IMAGE, "<sha>"));
    }

    @Test
    void everyForeignReferenceIsListed() {
        TestDispatcher.Result result = ops("bob", bobProject,
                imageNode("b1", "one", ALICE_IMAGE),
                imageNode("b2", "own", BOB_IMAGE),
                imageNode("b3", "two", ALICE_IMAGE));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations()).extracting(FieldViolation::field)
                .containsExactly("ops[0].props.image", "ops[2].props.image");
        assertThat(nodeCount(bobProject)).isEqualTo(1);
    }

    @Test
    void uploaderAndPublicImagesAreAccepted() {
        TestDispatcher.Result result = ops("bob", bobProject,
                imageNode("b1", "own", BOB_IMAGE),
                imageNode("b2", "shared", PUBLIC_IMAGE));

        assertThat(result.status()).isEqualTo(200);
        assertThat(nodeCount(bobProject)).isEqualTo(3);
        assertThat(images.references(BOB_IMAGE)).contains(ImageReference.project(bobProject));
    }

    @Test
    void memberMayCopyImageInsideProject() {
        component.join(aliceProject, "carol", ProjectRole.EDITOR);

        TestDispatcher.Result result = ops("carol", aliceProject, imageNode("c1", "copy", ALICE_IMAGE));

        assertThat(result.status()).isEqualTo(200);
        assertThat(nodeCount(aliceProject)).isEqualTo(3);
    }

    @Test
    void memberMayPlaceReadableImageElsewhere() {
        component.join(aliceProject, "carol", ProjectRole.EDITOR);
        String carolProject = createProject("carol", "Carol's copy");

        TestDispatcher.Result result = ops("carol", carolProject, imageNode("c1", "copy", ALICE_IMAGE));

        // Carol may read the image through alice's project, so the rule lets her place it anywhere.
        assertThat(result.status()).isEqualTo(200);
        assertThat(images.references(ALICE_IMAGE)).contains(ImageReference.project(carolProject));
    }

    @Test
    void malformedHashIsLeftToEngine() {
        TestDispatcher.Result result = ops("bob", bobProject, imageNode("b1", "x", "not-a-hash"));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations().get(0).rule()).isEqualTo("syntax");
    }

    @Test
    void withoutImageStoreImageOpsFailClosed() throws Exception {
        ComponentWiring.bindImageStore(component, null);

        TestDispatcher.Result image = ops("alice", aliceProject, imageNode("a2", "again", ALICE_IMAGE));
        TestDispatcher.Result rect = ops("alice", aliceProject, Op.create("a3", "box", NodeType.RECT, "root", Map.of()));

        assertThat(image.status()).isEqualTo(503);
        assertThat(image.error().detail()).contains("image store is not running");
        assertThat(rect.status()).isEqualTo(200);
        assertThat(nodeCount(aliceProject)).isEqualTo(3);
    }

    @Test
    void thumbnailWithForeignImageIsRejected() {
        TestDispatcher.Result result = api.call("bob", "PATCH", "/api/projects/" + bobProject,
                Map.of("thumbnail", ALICE_IMAGE));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("thumbnail");
            assertThat(v.rule()).isEqualTo("image-not-readable");
        });
        assertThat(api.call("bob", "GET", "/api/projects/" + bobProject, null).json().get("thumbnail").isNull()).isTrue();
    }

    @Test
    void thumbnailWithReadableImageIsAccepted() {
        TestDispatcher.Result result = api.call("alice", "PATCH", "/api/projects/" + aliceProject,
                Map.of("thumbnail", ALICE_IMAGE));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().get("thumbnail").asText()).isEqualTo(ALICE_IMAGE);
    }

    @Test
    void thumbnailWithoutImageStoreFailsClosed() throws Exception {
        ComponentWiring.bindImageStore(component, null);

        TestDispatcher.Result result = api.call("alice", "PATCH", "/api/projects/" + aliceProject,
                Map.of("thumbnail", ALICE_IMAGE));

        assertThat(result.status()).isEqualTo(503);
    }
}
