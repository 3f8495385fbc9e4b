package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.TestStorage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImagingService#mayRead(Principal, String)}: the rule the delivery servlet also applies. */
class ImageReadRuleTest {

    private static final String MISSING = "0".repeat(64);

    @TempDir
    Path data;

    private TestStorage storage;
    private ImagingService service;
    private String aliceImage;

    @BeforeEach
    void start() throws Exception {
        storage = new TestStorage();
        service = new ImagingService(storage, (caller, access, projectId) -> Optional.empty(), new TestConfig(),
                new ImagingServiceTest.MutableClock(Instant.parse("2026-12-01T10:00:00Z")), data);
        // "carol" is a member of project alice-project, and "bob" is a member of bob-project only.
        service.projectAccess = (userId, projectId) -> ("carol".equals(userId) && "alice-project".equals(projectId))
                || ("bob".equals(userId) && "bob-project".equals(projectId))
                ? Optional.of(ProjectRole.EDITOR) : Optional.empty();
        byte[] bytes = ImagingServiceTest.png(20, 10, false);
        aliceImage = service.upload(new ByteArrayInputStream(bytes), "alice", "private.png").info().sha256();
        service.link(aliceImage, ImageReference.project("alice-project"));
    }

    @AfterEach
    void stop() {
        service.deactivate();
        storage.close();
    }

    private static Principal user(String id) {
        return new Principal(id, id + "@example.com", id, false, Principal.AuthMethod.SESSION, "s");
    }

    private static Principal admin(String id) {
        return new Principal(id, id + "@example.com", id, true, Principal.AuthMethod.SESSION, "s");
    }

    @Test
    void uploaderMayRead() {
        assertThat(service.mayRead(user("alice"), aliceImage)).isTrue();
    }

    @Test
    void adminMayRead() {
        assertThat(service.mayRead(admin("root"), aliceImage)).isTrue();
    }

    @Test
    void memberOfReferencingProjectMayRead() {
        assertThat(service.mayRead(user("carol"), aliceImage)).isTrue();
    }

    @Test
    void otherUserMayNotRead() {
        assertThat(service.mayRead(user("bob"), aliceImage)).isFalse();
    }

    @Test
    void publicReferenceLetsAnyoneRead() {
        service.link(aliceImage, new ImageReference(ImageReference.Kind.PUBLIC, "gallery"));

        assertThat(service.mayRead(user("bob"), aliceImage)).isTrue();
    }

    @Test
    void missingImageReadsLikeForbidden() {
        assertThat(service.mayRead(admin("root"), MISSING)).isFalse();
        assertThat(service.mayRead(user("bob"), MISSING)).isFalse();
    }

    @Test
    void withoutProjectAccessOnlyUploaderAndAdmin() {
        service.projectAccess = null;

        assertThat(service.mayRead(user("carol"), aliceImage)).isFalse();
        assertThat(service.mayRead(user("alice"), aliceImage)).isTrue();
        assertThat(service.mayRead(admin("root"), aliceImage)).isTrue();
    }

    @Test
    void laterUploaderMayRead() throws Exception {
        byte[] bytes = ImagingServiceTest.png(20, 10, false);

        String again = service.upload(new ByteArrayInputStream(bytes), "bob", "copy.png").info().sha256();

        assertThat(again).isEqualTo(aliceImage);
        assertThat(service.mayRead(user("bob"), aliceImage)).isTrue();
        assertThat(service.mayRead(user("alice"), aliceImage)).isTrue();
        assertThat(service.mayRead(user("dave"), aliceImage)).isFalse();
        assertThat(service.find(aliceImage).orElseThrow().uploaderId()).isEqualTo("alice");
    }

    @Test
    void uploaderWithoutUploadersArrayMayRead() throws Exception {
        // Documents stored before the uploaders array existed name only their first uploader.
        storage.database().getCollection(ImageRepository.COLLECTION)
                .updateOne(Filters.eq("_id", aliceImage), Updates.unset("uploaders"));
        byte[] bytes = ImagingServiceTest.png(20, 10, false);

        service.upload(new ByteArrayInputStream(bytes), "bob", "copy.png");

        assertThat(service.mayRead(user("alice"), aliceImage)).isTrue();
        assertThat(service.mayRead(user("bob"), aliceImage)).isTrue();
        assertThat(service.isUploader(aliceImage, "alice")).isTrue();
        assertThat(service.isUploader(aliceImage, "bob")).isTrue();
    }

    @Test
    void generatedImageHasNoUploader() throws Exception {
        byte[] bytes = ImagingServiceTest.png(12, 12, true);

        String generated = service.storeGenerated(bytes, ImageReference.project("bob-project")).sha256();

        assertThat(service.isUploader(generated, "alice")).isFalse();
        assertThat(service.mayRead(user("alice"), generated)).isFalse();
        assertThat(service.mayRead(user("bob"), generated)).isTrue();
    }

    @Test
    void malformedHashIsRejected() {
        assertThatThrownBy(() -> service.mayRead(user("alice"), "ABC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 lower-case hex digits");
    }
}
