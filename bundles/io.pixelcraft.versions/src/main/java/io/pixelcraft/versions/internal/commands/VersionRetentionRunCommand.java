package io.pixelcraft.versions.internal.commands;

import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.versions.internal.RetentionResult;
import io.pixelcraft.versions.internal.VersionsComponent;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "version-retention-run",
        description = "Applies the version retention policy now and prints what it removed. Named versions are never removed.")
@Service
public class VersionRetentionRunCommand implements Action {

    @Reference
    VersionsComponent versions;

    // Optional, so retention still runs while the projects bundle is stopped.
    @Reference(optional = true)
    ProjectMembership projects;

    @Argument(index = 0, name = "projectId", required = false,
            description = "The project to thin; every project with versions when omitted.")
    String projectId;

    @Override
    public Object execute() {
        if (projectId != null && versions.list(projectId, 1).isEmpty()) {
            Optional<String> error = ProjectLookup.unknownProjectError(projectId, projects);
            if (error.isPresent()) {
                // Thrown, not printed to System.err, so that "bin/client -b" shows it and exits with status 1.
                throw new IllegalArgumentException(error.get());
            }
        }
        List<RetentionResult> results = versions.runRetention(Optional.ofNullable(projectId));
        int removed = 0;
        int failed = 0;
        for (RetentionResult result : results) {
            if (result.error() != null) {
                failed++;
                System.out.println(result.projectId() + ": failed: " + result.error());
            } else if (!result.removedVersions().isEmpty()) {
                removed += result.removedVersions().size();
                System.out.println(result.projectId() + ": removed versions " + result.removedVersions() + " and "
                        + result.removedBases() + " unused base snapshots");
            }
        }
        System.out.println("Retention checked " + results.size() + " projects: removed " + removed
                + " checkpoints, " + failed + " projects failed");
        return null;
    }
}
