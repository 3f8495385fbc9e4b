package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;


/** Hostile plugin: terminates the JVM. */
public final class ExitsJvm implements Filter {

    @Override
    public String id() {
        return "hostile.exits-jvm";
    }

    @Override
    public String name(Locale locale) {
        return "ExitsJvm";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        System.exit(3);
        return input;
    }
}
