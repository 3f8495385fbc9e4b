package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.util.Arrays;

/** Hostile plugin: runs work on the shared fork-join pool. */
public final class UsesParallelStream implements Filter {

    @Override
    public String id() {
        return "hostile.uses-parallel-stream";
    }

    @Override
    public String name(Locale locale) {
        return "UsesParallelStream";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        int sum = Arrays.stream(input.pixels()).parallel().sum();
        return Raster.filled(1, 1, sum);
    }
}
