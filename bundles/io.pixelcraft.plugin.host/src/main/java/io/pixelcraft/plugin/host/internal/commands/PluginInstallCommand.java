package io.pixelcraft.plugin.host.internal.commands;

import io.pixelcraft.plugin.host.internal.PluginAdmin;
import io.pixelcraft.plugin.host.internal.PluginAdminException;
import io.pixelcraft.plugin.host.internal.PluginInfo;
import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "pixelcraft", name = "plugin-install",
        description = "Installs a plugin jar, or upgrades the installed plugin with the same symbolic name, after the sandbox check.")
@Service
public class PluginInstallCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "jar", required = true, description = "Path of the plugin bundle jar on the server.")
    @Completion(FileCompleter.class)
    String jar;

    @Override
    public Object execute() throws IOException {
        Path path = Path.of(jar);
        if (Files.size(path) > PluginAdmin.MAX_JAR_BYTES) {
            throw new IllegalArgumentException("Plugin jar " + path + " exceeds " + PluginAdmin.MAX_JAR_BYTES + " bytes");
        }
        try {
            PluginInfo info = admin.install(Files.readAllBytes(path), ConsoleActor.current());
            System.out.println("Plugin " + info.symbolicName() + " " + info.version() + " installed as bundle "
                    + info.bundleId() + ", state " + info.state() + ".");
        } catch (PluginAdminException e) {
            System.out.println(e.getMessage());
            for (Violation violation : e.violations()) {
                System.out.println("  " + violation);
            }
            throw new IllegalStateException("Plugin install failed: " + e.getMessage());
        }
        return null;
    }
}
