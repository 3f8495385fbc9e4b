package io.pixelcraft.share.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.share.internal.ShareRecord.TargetType;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.MutableClock;
import io.pixelcraft.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deletion of a purged project's links against a real MongoDB wire server. */
class SharePurgeTest {

    private static final String PROJECT = "665f1c2b9d3e4a0012345678";
    private static final String OTHER_PROJECT = "665f1c2b9d3e4a0087654321";
    private static final String IMAGE = "a".repeat(64);

    private final TestStorage storage = new TestStorage();
    private final ShareRepository repository = new ShareRepository(storage);
    private final FakeProjects projects = new FakeProjects();
    private final FakeImageStore images = new FakeImageStore();
    private final ShareService shares;
    private final Principal olga = new Principal("olga", "olga@example.test", "Olga", false, Principal.AuthMethod.TOKEN, "pat-olga");

    SharePurgeTest() {
        projects.add(PROJECT, "Poster", IMAGE, Map.of("olga", ProjectRole.OWNER));
        projects.add(OTHER_PROJECT, "Flyer", null, Map.of("olga", ProjectRole.OWNER));
        images.add(IMAGE, "olga", "poster.png", ImageReference.project(PROJECT));
        repository.createIndexes();
        shares = new ShareService(repository, projects, images, projects, new MutableClock(Instant.parse("2030-01-01T00:00:00Z")),
                Duration.ofDays(365), "https://pixelcraft.example.com");
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    @Test
    void purgeDeletesProjectLinksOnly() {
        ShareService.Created viewer = shares.createProjectShare(olga, ProjectRole.OWNER, PROJECT, ProjectRole.VIEWER, null, null);
        ShareService.Created invitation = shares.createProjectShare(olga, ProjectRole.OWNER, PROJECT, ProjectRole.EDITOR, null,
                "ed@example.test");
        shares.revoke(viewer.share());
        ShareService.Created other = shares.createProjectShare(olga, ProjectRole.OWNER, OTHER_PROJECT, ProjectRole.VIEWER, null, null);
        ShareService.Created imageLink = shares.createImageShare(olga, IMAGE, null, null);

        shares.purgeProject(PROJECT);

        assertThat(repository.listByTarget(TargetType.PROJECT, PROJECT)).isEmpty();
        assertThat(repository.findById(viewer.share().id())).isEmpty();
        assertThat(repository.findById(invitation.share().id())).isEmpty();
        assertThat(shares.resolve(invitation.token())).isEmpty();
        assertThat(repository.findById(other.share().id())).isPresent();
        assertThat(repository.findById(imageLink.share().id())).isPresent();
        assertThat(images.references(IMAGE)).contains(new ImageReference(ImageReference.Kind.SHARE, imageLink.share().id()));
    }

    @Test
    void purgeDeletesProjectsImageLinks() {
        images.projectAccess(projects);
        projects.setRole(PROJECT, "ed", ProjectRole.EDITOR);
        Principal ed = new Principal("ed", "ed@example.test", "Ed", false, Principal.AuthMethod.TOKEN, "pat-ed");
        ShareService.Created published = shares.createImageShare(ed, IMAGE, null, null);
        ImageReference reference = new ImageReference(ImageReference.Kind.SHARE, published.share().id());
        assertThat(published.share().projectId()).isEqualTo(PROJECT);
        assertThat(images.references(IMAGE)).contains(reference);

        shares.purgeProject(PROJECT);

        assertThat(repository.findById(published.share().id())).isEmpty();
        assertThat(images.references(IMAGE)).doesNotContain(reference);
    }

    @Test
    void purgeRepeatsWithoutError() {
        shares.createProjectShare(olga, ProjectRole.OWNER, PROJECT, ProjectRole.VIEWER, null, null);

        shares.purgeProject(PROJECT);
        shares.purgeProject(PROJECT);
        shares.purgeProject(OTHER_PROJECT);

        assertThat(repository.listByTarget(TargetType.PROJECT, PROJECT)).isEmpty();
    }
}
