package io.pixelcraft.versions.internal.commands;

import io.pixelcraft.api.project.ProjectMembership;
import io.pixelcraft.versions.internal.VersionRecord;
import io.pixelcraft.versions.internal.VersionsComponent;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "pixelcraft", name = "version-list", description = "Lists the versions of a project, newest first.")
@Service
public class VersionListCommand implements Action {

    @Reference
    VersionsComponent versions;

    // Optional, so the command still lists versions while the projects bundle is stopped.
    @Reference(optional = true)
    ProjectMembership projects;

    @Argument(index = 0, name = "projectId", required = true, description = "The project's id.")
    String projectId;

    @Option(name = "-n", aliases = "--limit", description = "Maximum number of versions to list (1 to 10000, default 50).")
    int limit = 50;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("Invalid --limit " + limit + ": use 1 to 10000");
        }
        List<VersionRecord> list = versions.list(projectId, limit);
        if (list.isEmpty()) {
            Optional<String> error = ProjectLookup.unknownProjectError(projectId, projects);
            if (error.isPresent()) {
                // Thrown, not printed to System.err, so that "bin/client -b" shows it and exits with status 1.
                throw new IllegalArgumentException(error.get());
            }
        }
        ShellTable table = new ShellTable();
        table.column("Number");
        table.column("Kind");
        table.column("Label");
        table.column("Revision");
        table.column("Created");
        table.column("By");
        table.column("Authors");
        table.column("Delta bytes");
        for (VersionRecord version : list) {
            table.addRow().addContent(version.number(), version.kind(), version.label(), version.revision(),
                    version.createdAt(), version.createdBy() == null ? "" : version.createdBy(),
                    String.join(",", version.authors()), version.deltaBytes());
        }
        table.print(System.out, !noFormat);
        System.out.println(list.size() + " versions of project " + projectId);
        return null;
    }
}
