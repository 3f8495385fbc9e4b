package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;


/** Hostile plugin: loops forever and swallows every Throwable, including the budget error. */
public final class LoopsForever implements Filter {

    @Override
    public String id() {
        return "hostile.loops-forever";
    }

    @Override
    public String name(Locale locale) {
        return "LoopsForever";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        long counter = 0;
        while (true) {
            try {
                while (true) {
                    counter++;
                }
            } catch (Throwable swallowed) {
                counter--;
            }
        }
    }
}
