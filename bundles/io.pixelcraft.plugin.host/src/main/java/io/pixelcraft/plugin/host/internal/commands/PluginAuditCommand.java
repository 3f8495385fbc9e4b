package io.pixelcraft.plugin.host.internal.commands;

import io.pixelcraft.plugin.host.internal.PluginAdmin;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "pixelcraft", name = "plugin-audit", description = "Prints the newest entries of the plugin audit log: who installed, upgraded, removed, enabled or disabled what.")
@Service
public class PluginAuditCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Option(name = "-n", aliases = "--limit", description = "Number of entries, newest first (default 50).")
    int limit = 50;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Actor");
        table.column("Action");
        table.column("Plugin");
        table.column("Version");
        table.column("Outcome");
        table.column("Detail");
        for (PluginAdmin.AuditEntry entry : admin.audit(Math.max(1, Math.min(limit, 1000)))) {
            table.addRow().addContent(entry.at(), entry.actor(), entry.action(), entry.plugin(), entry.version(),
                    entry.outcome(), entry.detail());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
