package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;

/**
 * Hostile plugin: loops forever inside a synchronized block. javac guards the block's monitor
 * exit with a catch-all handler whose range covers the handler itself, so an error thrown at
 * the handler's first instruction is caught by the same handler again.
 */
public final class LoopsInSynchronized implements Filter {

    @Override
    public String id() {
        return "hostile.loops-in-synchronized";
    }

    @Override
    public String name(Locale locale) {
        return "LoopsInSynchronized";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        long counter = 0;
        synchronized (this) {
            while (true) {
                counter++;
            }
        }
    }
}
