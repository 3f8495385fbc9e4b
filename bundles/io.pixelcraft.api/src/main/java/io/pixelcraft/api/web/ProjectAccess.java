package io.pixelcraft.api.web;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Looks up a user's role in a project; implemented by the projects bundle. */
@ProviderType
public interface ProjectAccess {

    /**
     * Returns the user's role in the project, or empty when the project does not exist, is in the
     * trash, or the user is not a member.
     */
    Optional<ProjectRole> roleOf(String userId, String projectId);
}
