package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.TestDispatcher;
import io.pixelcraft.testing.TestStorage;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Joining a project through another bundle, as a share link does. */
class ProjectMembershipTest {

    private final TestStorage storage = new TestStorage();
    private ProjectsComponent component;
    private TestDispatcher api;
    private String projectId;

    @BeforeEach
    void start() {
        ProjectsConfig defaults = (ProjectsConfig) Proxy.newProxyInstance(ProjectsConfig.class.getClassLoader(),
                new Class<?>[] {ProjectsConfig.class},
                (proxy, method, args) -> method.getName().equals("annotationType") ? ProjectsConfig.class : method.getDefaultValue());
        component = new ProjectsComponent(storage, new Engine(EngineLimits.DEFAULTS), defaults);
        api = new TestDispatcher(component.routes(), component);
        projectId = api.call("alice", "POST", "/api/projects", Map.of("name", "Poster")).json().get("id").asText();
    }

    @AfterEach
    void stop() {
        component.deactivate();
        storage.close();
    }

    @Test
    void joinAddsMemberWithRole() {
        assertThat(component.join(projectId, "bob", ProjectRole.EDITOR)).isEqualTo(ProjectRole.EDITOR);
        assertThat(component.roleOf("bob", projectId)).contains(ProjectRole.EDITOR);
    }

    @Test
    void joinRaisesButNeverLowers() {
        component.join(projectId, "bob", ProjectRole.VIEWER);

        assertThat(component.join(projectId, "bob", ProjectRole.EDITOR)).isEqualTo(ProjectRole.EDITOR);
        assertThat(component.join(projectId, "bob", ProjectRole.VIEWER)).isEqualTo(ProjectRole.EDITOR);
        assertThat(component.join(projectId, "alice", ProjectRole.VIEWER)).isEqualTo(ProjectRole.OWNER);
        assertThat(component.roleOf("alice", projectId)).contains(ProjectRole.OWNER);
    }

    @Test
    void joinRejectsOwnerRole() {
        assertThatThrownBy(() -> component.join(projectId, "bob", ProjectRole.OWNER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(component.roleOf("bob", projectId)).isEmpty();
    }

    @Test
    void joinUnknownOrTrashedProjectFails() {
        assertThatThrownBy(() -> component.join("0123456789abcdef01234567", "bob", ProjectRole.VIEWER))
                .isInstanceOf(ProjectNotFoundException.class);
        assertThatThrownBy(() -> component.join("../etc", "bob", ProjectRole.VIEWER))
                .isInstanceOf(ProjectNotFoundException.class);

        api.call("alice", "DELETE", "/api/projects/" + projectId, null);
        assertThatThrownBy(() -> component.join(projectId, "bob", ProjectRole.VIEWER))
                .isInstanceOf(ProjectNotFoundException.class);
    }

    @Test
    void summaryShowsLiveProjectsOnly() {
        assertThat(component.summary(projectId)).hasValueSatisfying(summary -> {
            assertThat(summary.id()).isEqualTo(projectId);
            assertThat(summary.name()).isEqualTo("Poster");
        });
        assertThat(component.summary("not-an-id")).isEmpty();

        api.call("alice", "DELETE", "/api/projects/" + projectId, null);
        assertThat(component.summary(projectId)).isEmpty();
    }

    @Test
    void trashedAndOwnedOnlyForOwner() {
        component.join(projectId, "bob", ProjectRole.EDITOR);
        assertThat(component.isTrashedAndOwnedBy(projectId, "alice")).isFalse();

        api.call("alice", "DELETE", "/api/projects/" + projectId, null);

        assertThat(component.isTrashedAndOwnedBy(projectId, "alice")).isTrue();
        assertThat(component.isTrashedAndOwnedBy(projectId, "bob")).isFalse();
        assertThat(component.isTrashedAndOwnedBy(projectId, "mallory")).isFalse();
        assertThat(component.isTrashedAndOwnedBy("../../x", "alice")).isFalse();
    }
}
