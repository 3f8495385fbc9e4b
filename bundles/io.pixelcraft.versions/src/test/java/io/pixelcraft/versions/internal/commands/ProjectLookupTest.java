package io.pixelcraft.versions.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.api.project.ProjectSummary;
import io.pixelcraft.api.web.ProjectRole;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectLookupTest {

    /** A projects service with one live project, "p1". */
    private final ProjectMembership projects = new ProjectMembership() {
        @Override
        public Optional<ProjectSummary> summary(String projectId) {
            return "p1".equals(projectId) ? Optional.of(new ProjectSummary("p1", "Poster", null)) : Optional.empty();
        }

        @Override
        public ProjectRole join(String projectId, String userId, ProjectRole role) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void liveProjectHasNoError() {
        assertThat(ProjectLookup.unknownProjectError("p1", projects)).isEmpty();
    }

    @Test
    void unknownIdNamedInError() {
        for (String id : new String[] {"nope", "../../x"}) {
            Optional<String> error = ProjectLookup.unknownProjectError(id, projects);

            assertThat(error).as(id).isPresent();
            assertThat(error.get()).startsWith("Project '" + id + "' was not found");
        }
    }

    @Test
    void noCheckWithoutProjectsService() {
        assertThat(ProjectLookup.unknownProjectError("nope", null)).isEmpty();
    }
}
