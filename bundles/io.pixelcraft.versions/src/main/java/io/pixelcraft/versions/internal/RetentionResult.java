package io.pixelcraft.versions.internal;

import java.util.List;

/**
 * The outcome of one retention run for one project.
 *
 * @param projectId       the project
 * @param removedVersions numbers of the checkpoints it removed, ascending
 * @param removedBases    base snapshots it deleted because no remaining version used them
 * @param error           why the run failed for this project, or {@code null} when it succeeded
 */
public record RetentionResult(String projectId, List<Long> removedVersions, int removedBases, String error) {

    public RetentionResult {
        removedVersions = List.copyOf(removedVersions);
    }
}
