package io.pixelcraft.web.internal;

import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.ProjectRole;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The platform's {@link Authorizer}. Project rules ask the projects bundle's {@link ProjectAccess}
 * for the caller's role. Administrators get no implicit project role: platform-wide actions use
 * routes with {@link Access.Level#ADMIN}.
 */
@Component(service = Authorizer.class)
public final class ProjectAuthorizer implements Authorizer {

    /** Retry-After for project routes while the projects bundle is not running, in seconds. */
    static final long PROJECT_ACCESS_RETRY_SECONDS = 5;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProjectAccess projectAccess;

    /** Source of the trash hint for owners. Without it, every project the caller cannot use is a plain 404. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProjectMembership membership;

    public ProjectAuthorizer() {
    }

    ProjectAuthorizer(ProjectAccess projectAccess) {
        this.projectAccess = projectAccess;
    }

    ProjectAuthorizer(ProjectAccess projectAccess, ProjectMembership membership) {
        this.projectAccess = projectAccess;
        this.membership = membership;
    }

    @Override
    public Optional<ProjectRole> authorize(Optional<Principal> caller, Access access, String projectId) {
        switch (access.level()) {
            case ANONYMOUS:
                return Optional.empty();
            case AUTHENTICATED:
                requireCaller(caller);
                return Optional.empty();
            case ADMIN:
                if (!requireCaller(caller).admin()) {
                    throw ApiException.forbidden("This route is for platform administrators");
                }
                return Optional.empty();
            case PROJECT:
                return Optional.of(authorizeProject(requireCaller(caller), access.minimumRole(), projectId));
            default:
                throw new IllegalStateException("Unhandled access level " + access.level());
        }
    }

    /**
     * Returns the caller's role in the project. A project the caller cannot see raises 404
     * whether it exists or not, so ids cannot be probed. Only members learn that their role is
     * too low (403).
     */
    private ProjectRole authorizeProject(Principal caller, ProjectRole minimumRole, String projectId) {
        ProjectAccess lookup = projectAccess;
        if (lookup == null) {
            throw ApiException.unavailable("Project routes are unavailable while the projects service is not running; retry later",
                    PROJECT_ACCESS_RETRY_SECONDS);
        }
        if (projectId == null || projectId.isBlank()) {
            throw projectNotFound(projectId);
        }
        Optional<ProjectRole> role = lookup.roleOf(caller.userId(), projectId);
        if (role == null || role.isEmpty()) {
            throw notFoundFor(caller, projectId);
        }
        if (!role.get().atLeast(minimumRole)) {
            throw ApiException.forbidden("This action needs the " + minimumRole.jsonName()
                    + " role in the project; you are " + role.get().jsonName());
        }
        return role.get();
    }

    private static Principal requireCaller(Optional<Principal> caller) {
        return caller.orElseThrow(() -> ApiException.unauthorized("Sign in or send a bearer token to use this route"));
    }

    /** Returns the 404 for a project the caller cannot use. Only its owner learns that it is in the trash. */
    private ApiException notFoundFor(Principal caller, String projectId) {
        ProjectMembership trash = membership;
        if (trash != null && trash.isTrashedAndOwnedBy(projectId, caller.userId())) {
            String id = JsonCodec.truncate(projectId);
            return ApiException.notFound("Project '" + id + "' is in the trash. Restore it with POST /api/projects/"
                    + id + "/restore; GET /api/projects?trash=true lists your trashed projects");
        }
        return projectNotFound(projectId);
    }

    private static ApiException projectNotFound(String projectId) {
        return ApiException.notFound("Project '" + JsonCodec.truncate(String.valueOf(projectId)) + "' not found");
    }
}
