package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.util.function.IntConsumer;

/** Hostile plugin: terminates the JVM through a method reference. */
public final class ExitsViaMethodReference implements Filter {

    @Override
    public String id() {
        return "hostile.exits-via-method-reference";
    }

    @Override
    public String name(Locale locale) {
        return "ExitsViaMethodReference";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        IntConsumer exit = System::exit;
        exit.accept(3);
        return input;
    }
}
