package io.pixelcraft.console.internal.commands;

import io.pixelcraft.console.internal.StatusReport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

@Command(scope = "pixelcraft", name = "status",
        description = "Shows version, uptime, store, pool, rooms, sessions, queues and plugins on one screen.")
@Service
public class StatusCommand implements Action {

    @Reference
    BundleContext context;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Override
    public Object execute() {
        try (PlatformServices services = new PlatformServices(context)) {
            Tables.print(new StatusReport(services.sources()).status(), noFormat);
        }
        return null;
    }
}
