package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.ProjectRole;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ProjectAuthorizerTest {

    private static final Principal ALICE = new Principal("alice", "alice@example.org", "Alice", false,
            Principal.AuthMethod.SESSION, "s1");
    private static final Principal ADMIN = new Principal("root", "root@example.org", "Root", true,
            Principal.AuthMethod.TOKEN, "t1");

    /** Alice is a viewer of p-view and an editor of p-edit; no other membership exists. */
    private static final ProjectAccess MEMBERSHIPS = (userId, projectId) -> Optional.ofNullable(
            Map.of("alice/p-view", ProjectRole.VIEWER, "alice/p-edit", ProjectRole.EDITOR)
                    .get(userId + "/" + projectId));

    private final ProjectAuthorizer authorizer = new ProjectAuthorizer(MEMBERSHIPS);

    private static void assertStatus(ThrowingCallable call, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).as(e.detail()).isEqualTo(status));
    }

    @Test
    void anonymousRouteAdmitsEveryone() {
        assertThat(authorizer.authorize(Optional.empty(), Access.anonymous(), null)).isEmpty();
    }

    @Test
    void authenticatedRouteRejectsAnonymous() {
        assertStatus(() -> authorizer.authorize(Optional.empty(), Access.authenticated(), null), 401);
        assertThat(authorizer.authorize(Optional.of(ALICE), Access.authenticated(), null)).isEmpty();
    }

    @Test
    void adminRouteRejectsOrdinaryUser() {
        assertStatus(() -> authorizer.authorize(Optional.empty(), Access.admin(), null), 401);
        assertStatus(() -> authorizer.authorize(Optional.of(ALICE), Access.admin(), null), 403);
        assertThat(authorizer.authorize(Optional.of(ADMIN), Access.admin(), null)).isEmpty();
    }

    @Test
    void projectRouteReturnsMemberRole() {
        Access editors = Access.project(ProjectRole.EDITOR, "id");

        assertThat(authorizer.authorize(Optional.of(ALICE), editors, "p-edit")).contains(ProjectRole.EDITOR);
    }

    @Test
    void projectRouteHidesProjectFromNonMember() {
        Access viewers = Access.project(ProjectRole.VIEWER, "id");

        assertStatus(() -> authorizer.authorize(Optional.of(ALICE), viewers, "p-other"), 404);
        assertStatus(() -> authorizer.authorize(Optional.of(ALICE), viewers, "missing"), 404);
        assertStatus(() -> authorizer.authorize(Optional.of(ADMIN), viewers, "p-edit"), 404);
    }

    @Test
    void projectRouteRejectsRoleBelowMinimum() {
        Access editors = Access.project(ProjectRole.EDITOR, "id");

        assertStatus(() -> authorizer.authorize(Optional.of(ALICE), editors, "p-view"), 403);
    }

    @Test
    void projectRouteRejectsAnonymous() {
        assertStatus(() -> authorizer.authorize(Optional.empty(), Access.project(ProjectRole.VIEWER, "id"), "p-view"),
                401);
    }

    @Test
    void projectRouteUnavailableWithoutProjectAccess() {
        ProjectAuthorizer withoutProjects = new ProjectAuthorizer(null);

        assertThatThrownBy(() -> withoutProjects.authorize(Optional.of(ALICE),
                Access.project(ProjectRole.VIEWER, "id"), "p-view"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.headers()).containsKey("Retry-After");
                });
        assertThat(withoutProjects.authorize(Optional.of(ALICE), Access.authenticated(), null)).isEmpty();
    }

    @Test
    void trashedProjectHintOnlyForOwner() {
        ProjectMembership trash = new ProjectMembership() {
            @Override
            public Optional<ProjectSummary> summary(String projectId) {
                return Optional.empty();
            }

            @Override
            public ProjectRole join(String projectId, String userId, ProjectRole role) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isTrashedAndOwnedBy(String projectId, String userId) {
                return projectId.equals("p-trash") && userId.equals("alice");
            }
        };
        ProjectAuthorizer withTrash = new ProjectAuthorizer(MEMBERSHIPS, trash);
        Principal bob = new Principal("bob", "bob@example.org", "Bob", false, Principal.AuthMethod.SESSION, "s2");
        Access viewer = Access.project(ProjectRole.VIEWER, "id");

        assertThatThrownBy(() -> withTrash.authorize(Optional.of(ALICE), viewer, "p-trash"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.detail()).contains("is in the trash").contains("POST /api/projects/p-trash/restore");
                });
        assertThatThrownBy(() -> withTrash.authorize(Optional.of(bob), viewer, "p-trash"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.detail()).isEqualTo("Project 'p-trash' not found");
                });
    }
}
