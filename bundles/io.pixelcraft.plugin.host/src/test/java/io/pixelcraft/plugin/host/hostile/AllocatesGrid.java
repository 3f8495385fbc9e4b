package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;


/** Hostile plugin: allocates a 256 MiB two-dimensional array at once. */
public final class AllocatesGrid implements Filter {

    @Override
    public String id() {
        return "hostile.allocates-grid";
    }

    @Override
    public String name(Locale locale) {
        return "AllocatesGrid";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        int[][] grid = new int[8192][8192];
        return Raster.filled(1, 1, grid.length);
    }
}
