package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;


/** Hostile plugin: starts a thread that outlives the call. */
public final class StartsThread implements Filter {

    @Override
    public String id() {
        return "hostile.starts-thread";
    }

    @Override
    public String name(Locale locale) {
        return "StartsThread";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        Thread worker = new Thread(() -> {
            while (true) {
                Math.sqrt(2);
            }
        });
        worker.setDaemon(true);
        worker.start();
        return input;
    }
}
