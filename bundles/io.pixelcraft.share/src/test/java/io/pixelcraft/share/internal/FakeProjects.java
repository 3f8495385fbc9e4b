package io.pixelcraft.share.internal;

import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.ProjectRole;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projects and members in memory, with the platform authorizer's rules: 404 for a project the
 * caller cannot see, 403 for a member below the minimum role.
 */
final class FakeProjects implements ProjectAccess, ProjectMembership, Authorizer {

    private final Map<String, ProjectSummary> projects = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ProjectRole>> members = new ConcurrentHashMap<>();

    void add(String projectId, String name, String thumbnail, Map<String, ProjectRole> roles) {
        projects.put(projectId, new ProjectSummary(projectId, name, thumbnail));
        members.put(projectId, new ConcurrentHashMap<>(roles));
    }

    void remove(String projectId) {
        projects.remove(projectId);
        members.remove(projectId);
    }

    /** Sets the user's role in the project, or removes the user from it when {@code role} is {@code null}. */
    void setRole(String projectId, String userId, ProjectRole role) {
        Map<String, ProjectRole> roles = members.get(projectId);
        if (role == null) {
            roles.remove(userId);
        } else {
            roles.put(userId, role);
        }
    }

    Map<String, ProjectRole> members(String projectId) {
        return new HashMap<>(members.getOrDefault(projectId, Map.of()));
    }

    @Override
    public Optional<ProjectRole> roleOf(String userId, String projectId) {
        return Optional.ofNullable(members.getOrDefault(projectId, Map.of()).get(userId));
    }

    @Override
    public Optional<ProjectSummary> summary(String projectId) {
        return Optional.ofNullable(projects.get(projectId));
    }

    @Override
    public ProjectRole join(String projectId, String userId, ProjectRole role) {
        if (role == ProjectRole.OWNER) {
            throw new IllegalArgumentException("Owner cannot be granted by joining");
        }
        Map<String, ProjectRole> roles = members.get(projectId);
        if (roles == null) {
            throw new ProjectNotFoundException(projectId);
        }
        return roles.merge(userId, role, (current, requested) -> current.atLeast(requested) ? current : requested);
    }

    @Override
    public Optional<ProjectRole> authorize(Optional<Principal> caller, Access access, String projectId) {
        Principal principal = caller.orElseThrow(() -> ApiException.unauthorized("Sign in"));
        if (access.level() != Access.Level.PROJECT) {
            return Optional.empty();
        }
        ProjectRole role = roleOf(principal.userId(), projectId)
                .orElseThrow(() -> ApiException.notFound("Project '" + projectId + "' not found"));
        if (!role.atLeast(access.minimumRole())) {
            throw ApiException.forbidden("This action needs the " + access.minimumRole().jsonName() + " role");
        }
        return Optional.of(role);
    }
}
