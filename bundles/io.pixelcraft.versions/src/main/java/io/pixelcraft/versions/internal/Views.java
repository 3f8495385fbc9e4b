package io.pixelcraft.versions.internal;

import io.pixelcraft.api.document.Node;
import java.time.Instant;
import java.util.List;

/** JSON bodies of the version routes. */
final class Views {

    private Views() {
    }

    /**
     * A version as the API lists it. {@code createdAt} stays an {@link Instant}, so the web bundle's
     * JSON codec writes it like every other timestamp (RFC 3339, milliseconds).
     */
    record VersionView(long number, String kind, String label, String description, long revision,
            Instant createdAt, String createdBy, List<String> authors, Long restoredFrom) {

        static VersionView of(VersionRecord version) {
            return new VersionView(version.number(), version.kind(), version.label(), version.description(),
                    version.revision(), version.createdAt(), version.createdBy(), version.authors(),
                    version.restoredFrom());
        }
    }

    /** Body of {@code POST .../versions}. */
    record NameVersion(String label, String description) {
    }

    /** Body of {@code PATCH .../versions/{v}}; absent fields stay unchanged. */
    record PatchVersion(String label, String description) {
    }

    /** A version's document, read-only. */
    record VersionDocument(String projectId, long version, long revision, List<Node> nodes) {
    }

    /** Response of a restore: the project's new revision, the state saved before it, and the new entry. */
    record RestoreView(long revision, VersionView savedBefore, VersionView restored) {
    }

    /** A change summary from {@code against} (a version number, or {@code null} for the current document) to {@code version}. */
    record DiffView(long version, Long against, List<DocumentDiff.NodeSummary> added,
            List<DocumentDiff.NodeSummary> removed, List<DocumentDiff.NodeChange> changed) {
    }
}
