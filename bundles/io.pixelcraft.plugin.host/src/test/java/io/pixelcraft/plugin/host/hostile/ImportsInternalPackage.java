package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import io.pixelcraft.plugin.sandbox.CallBudget;
import java.util.concurrent.TimeUnit;

/** Hostile plugin: imports a platform package to open a budget of its own. */
public final class ImportsInternalPackage implements Filter {

    @Override
    public String id() {
        return "hostile.imports-internal-package";
    }

    @Override
    public String name(Locale locale) {
        return "ImportsInternalPackage";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        CallBudget.open(1, TimeUnit.DAYS, Long.MAX_VALUE);
        return input;
    }
}
