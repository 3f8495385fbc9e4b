package io.pixelcraft.versions.internal.commands;

import io.pixelcraft.api.project.ProjectMembership;
import java.util.Optional;

/**
 * Project check for the version commands, so that an unknown id is reported as unknown instead
 * of as a project with zero versions.
 */
final class ProjectLookup {

    private ProjectLookup() {
    }

    /**
     * Returns the error to print for an id that names no live project ({@link ProjectMembership#summary}
     * returns only live ones), or empty when it names one. The commands call this only for ids
     * without versions, so the versions of a trashed project are still listed.
     *
     * @param projects the projects service, or {@code null} while it is not running, in which case
     *                 no check is made
     */
    static Optional<String> unknownProjectError(String projectId, ProjectMembership projects) {
        if (projects == null || projects.summary(projectId).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("Project '" + projectId + "' was not found: it does not exist, is in the trash or the id"
                + " is malformed, and it has no versions");
    }
}
