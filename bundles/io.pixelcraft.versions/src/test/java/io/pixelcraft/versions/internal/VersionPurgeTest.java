package io.pixelcraft.versions.internal;

import static io.pixelcraft.versions.internal.VersionTestSupport.PROJECT;
import static io.pixelcraft.versions.internal.VersionTestSupport.rect;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import io.pixelcraft.api.document.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VersionPurgeTest {

    private static final String OTHER = "p2";

    private final VersionTestSupport t = new VersionTestSupport();

    @AfterEach
    void close() {
        t.close();
    }

    private int files(String bucket, String projectId) {
        List<Object> files = new ArrayList<>();
        t.storage.bucket(bucket).find(Filters.eq("metadata.projectId", projectId)).forEach(files::add);
        return files.size();
    }

    /** Stores a named version with a thumbnail, then enough changes for a second base snapshot. */
    private void storeVersions(String projectId) {
        t.documents.apply(projectId, List.<Op>of(rect("a", "x", 1.0)), "alice");
        VersionRecord first = t.service.create(projectId, new VersionService.NewVersion(VersionRecord.NAMED, "First", null,
                "alice", List.of("alice"), null));
        t.service.thumbnail(projectId, first.number());
        List<Op> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(rect("r" + i, "x", (double) i));
        }
        t.documents.apply(projectId, many, "alice");
        t.service.create(projectId, new VersionService.NewVersion(VersionRecord.CHECKPOINT, "Checkpoint", null, null,
                List.of("alice"), null));
    }

    @Test
    void purgeDeletesVersionsAndFiles() {
        t.documents.create(OTHER, 800, 600);
        storeVersions(PROJECT);
        storeVersions(OTHER);
        assertThat(files(VersionStore.BASES, PROJECT)).isEqualTo(2);
        assertThat(files(VersionStore.THUMBNAILS, PROJECT)).isEqualTo(1);

        t.service.purgeProject(PROJECT);

        assertThat(t.store.listAll(PROJECT)).isEmpty();
        assertThat(t.store.head(PROJECT)).isEmpty();
        assertThat(t.store.projectIds()).containsExactly(OTHER);
        assertThat(files(VersionStore.BASES, PROJECT)).isZero();
        assertThat(files(VersionStore.THUMBNAILS, PROJECT)).isZero();
        assertThat(t.store.listAll(OTHER)).hasSize(2);
        assertThat(files(VersionStore.BASES, OTHER)).isEqualTo(2);
        assertThat(files(VersionStore.THUMBNAILS, OTHER)).isEqualTo(1);
    }

    @Test
    void purgeRepeatsWithoutError() {
        storeVersions(PROJECT);

        t.service.purgeProject(PROJECT);
        t.service.purgeProject(PROJECT);
        t.service.purgeProject("never-had-versions");

        assertThat(t.store.listAll(PROJECT)).isEmpty();
        assertThat(t.store.projectIds()).isEmpty();
    }
}
