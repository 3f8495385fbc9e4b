package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.util.function.IntUnaryOperator;


/** Control plugin that behaves: it inverts colours and catches an exception of its own. */
public final class WellBehaved implements Filter {

    @Override
    public String id() {
        return "hostile.well-behaved";
    }

    @Override
    public String name(Locale locale) {
        return "WellBehaved";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        int[] pixels = input.pixels();
        IntUnaryOperator invert = argb -> argb ^ 0x00FFFFFF;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = invert.applyAsInt(pixels[i]);
        }
        try {
            Integer.parseInt("x");
        } catch (NumberFormatException expected) {
            pixels[0] = 0;
        }
        return Raster.of(input.width(), input.height(), pixels);
    }
}
