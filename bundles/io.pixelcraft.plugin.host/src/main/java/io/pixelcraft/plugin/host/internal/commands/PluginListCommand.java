package io.pixelcraft.plugin.host.internal.commands;

import io.pixelcraft.plugin.host.internal.PluginAdmin;
import io.pixelcraft.plugin.host.internal.PluginInfo;
import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "pixelcraft", name = "plugin-list", description = "Lists plugins with their state, filters and sandbox findings.")
@Service
public class PluginListCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Option(name = "-v", aliases = "--violations", description = "Also prints each forbidden reference and removed import.")
    boolean verbose;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Plugin");
        table.column("Version");
        table.column("Bundle");
        table.column("State");
        table.column("Sandboxed");
        table.column("Enabled");
        table.column("Budget failures");
        table.column("Filters");
        table.column("Tools");
        table.column("Problem");
        for (PluginInfo info : admin.list()) {
            String problem = info.disabledReason() != null ? info.disabledReason()
                    : !info.violations().isEmpty() ? info.violations().size() + " forbidden references"
                    : !info.wiringRejections().isEmpty() ? info.wiringRejections().get(0) : "";
            table.addRow().addContent(info.symbolicName(), info.version(), info.bundleId(), info.state(),
                    info.sandboxed(), info.enabled(), info.budgetFailures(), String.join(",", info.filterIds()),
                    String.join(",", info.toolIds()), problem);
        }
        table.print(System.out, !noFormat);
        if (verbose) {
            for (PluginInfo info : admin.list()) {
                for (Violation violation : info.violations()) {
                    System.out.println(info.symbolicName() + ": " + violation);
                }
                for (String rejection : info.wiringRejections()) {
                    System.out.println(info.symbolicName() + ": " + rejection);
                }
            }
        }
        return null;
    }
}
