package io.pixelcraft.console.internal.commands;

import io.pixelcraft.console.internal.StatusReport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

@Command(scope = "pixelcraft", name = "pool",
        description = "Shows the MongoDB connection pool: size, use, waiting operations, checkout time and"
                + " replaced clients still draining. Change it with config:property-set -p io.pixelcraft.storage.")
@Service
public class PoolCommand implements Action {

    @Reference
    BundleContext context;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Override
    public Object execute() {
        try (PlatformServices services = new PlatformServices(context)) {
            Tables.print(new StatusReport(services.sources()).pool(), noFormat);
        }
        return null;
    }
}
