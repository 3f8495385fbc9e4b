package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

/** Hostile plugin: allocates arrays until memory runs out. */
public final class AllocatesWithoutBound implements Filter {

    @Override
    public String id() {
        return "hostile.allocates-without-bound";
    }

    @Override
    public String name(Locale locale) {
        return "AllocatesWithoutBound";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        List<int[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new int[1 << 20]);
        }
    }
}
