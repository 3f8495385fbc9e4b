package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;


/** Hostile plugin: spends exponential time in recursion without any loop. */
public final class RecursesForever implements Filter {

    @Override
    public String id() {
        return "hostile.recurses-forever";
    }

    @Override
    public String name(Locale locale) {
        return "RecursesForever";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        return fanOut(input, 60);
    }

    private static Raster fanOut(Raster input, int depth) {
        if (depth == 0) {
            return input;
        }
        fanOut(input, depth - 1);
        return fanOut(input, depth - 1);
    }
}
