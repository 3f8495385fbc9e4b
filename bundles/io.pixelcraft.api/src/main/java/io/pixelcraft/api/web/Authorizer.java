package io.pixelcraft.api.web;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one place that decides whether a caller may do something. The REST dispatcher calls it for
 * every route and the collaboration bundle for every WebSocket message.
 */
@ProviderType
public interface Authorizer {

    /**
     * Checks the caller against a rule.
     *
     * @param caller    the authenticated caller, or empty for anonymous
     * @param access    the rule to enforce
     * @param projectId the project id for {@link Access.Level#PROJECT} rules, otherwise ignored
     * @return the caller's project role for project rules, otherwise empty
     * @throws ApiException 401 when a signed-in caller is required and absent, 403 when an admin
     *         is required, 404 when the caller may not see the project or it does not exist, and 403
     *         when the caller sees the project with a role below the rule's minimum
     */
    Optional<ProjectRole> authorize(Optional<Principal> caller, Access access, String projectId);
}
