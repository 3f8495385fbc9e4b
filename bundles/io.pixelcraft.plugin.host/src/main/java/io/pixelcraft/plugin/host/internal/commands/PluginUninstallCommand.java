package io.pixelcraft.plugin.host.internal.commands;

import io.pixelcraft.plugin.host.internal.PluginAdmin;
import io.pixelcraft.plugin.host.internal.PluginAdminException;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "plugin-uninstall", description = "Uninstalls sandboxed plugins by bundle symbolic name.")
@Service
public class PluginUninstallCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "names", required = true, multiValued = true, description = "Bundle symbolic names from plugin-list.")
    List<String> names;

    @Override
    public Object execute() {
        String actor = ConsoleActor.current();
        int failed = 0;
        for (String name : names) {
            try {
                admin.uninstall(name, actor);
                System.out.println("Plugin " + name + " uninstalled.");
            } catch (PluginAdminException e) {
                System.out.println(e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + names.size() + " plugins could not be uninstalled.");
        }
        return null;
    }
}
