package io.pixelcraft.api.project;

import io.pixelcraft.api.web.ProjectRole;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Project facts and membership changes for other bundles, for example a share link that adds
 * the user who accepts it. Methods do not check the caller's rights: callers authorize first.
 */
@ProviderType
public interface ProjectMembership {

    /** Returns the project's name and thumbnail, or empty when it does not exist or is in the trash. */
    Optional<ProjectSummary> summary(String projectId);

    /**
     * Adds the user to the project with the role, or raises the user's role to it. A role is never
     * lowered, so an owner who accepts a viewer link stays owner.
     *
     * @return the user's role after the call
     * @throws ProjectNotFoundException when the project does not exist or is in the trash
     * @throws IllegalArgumentException when the role is {@link ProjectRole#OWNER}: ownership only
     *         changes through an explicit transfer by the owner
     */
    ProjectRole join(String projectId, String userId, ProjectRole role);

    /**
     * Returns whether the project is in the trash and the user owns it, so that a 404 can tell the
     * owner that the project can be restored. Callers must not show that fact to anyone else.
     * The default returns {@code false}. Added in version 1.2.
     */
    default boolean isTrashedAndOwnedBy(String projectId, String userId) {
        return false;
    }
}
