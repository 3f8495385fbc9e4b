package io.pixelcraft.plugin.host.internal.commands;

import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.plugin.host.internal.CallOutcome;
import io.pixelcraft.plugin.host.internal.FilterEntry;
import io.pixelcraft.plugin.host.internal.PluginHost;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "pixelcraft", name = "filter-run",
        description = "Runs a filter once on a generated gradient with default parameters, within the normal budget, and prints the outcome.")
@Service
public class FilterRunCommand implements Action {

    @Reference
    PluginHost host;

    @Argument(index = 0, name = "filterId", required = true, description = "Filter id from GET /api/plugins, for example builtin.invert.")
    String filterId;

    @Option(name = "-s", aliases = "--size", description = "Width and height of the test image in pixels (default 256).")
    int size = 256;

    @Override
    public Object execute() {
        if (size < 1 || size > 8192) {
            throw new IllegalArgumentException("Size " + size + " is invalid: use 1 to 8192 pixels");
        }
        FilterEntry entry = host.filter(filterId).orElseThrow(() ->
                new IllegalArgumentException("Filter " + filterId + " is not installed; list filters with pixelcraft:plugin-list"));
        int[] pixels = new int[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xFF000000 | ((i % size) * 255 / size) << 16 | ((i / size) * 255 / size) << 8;
        }
        CallOutcome<Raster> outcome = host.apply(entry, Raster.of(size, size, pixels), Map.of());
        if (outcome instanceof CallOutcome.Success<Raster> success) {
            System.out.println("Filter " + filterId + " returned " + success.value().width() + "x" + success.value().height()
                    + " pixels in " + success.elapsedMillis() + " ms.");
        } else {
            CallOutcome.Failed<Raster> failed = (CallOutcome.Failed<Raster>) outcome;
            System.out.println("Filter " + filterId + " failed (" + failed.failure() + "): " + failed.message());
        }
        return null;
    }
}
