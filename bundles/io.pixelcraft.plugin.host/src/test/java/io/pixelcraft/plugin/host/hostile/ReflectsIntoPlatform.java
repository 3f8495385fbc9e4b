package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.lang.reflect.Field;

/** Hostile plugin: reflects into the platform to remove its own call budget. */
public final class ReflectsIntoPlatform implements Filter {

    @Override
    public String id() {
        return "hostile.reflects-into-platform";
    }

    @Override
    public String name(Locale locale) {
        return "ReflectsIntoPlatform";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        try {
            Class<?> budget = Class.forName("io.pixelcraft.plugin.sandbox.CallBudget");
            Field current = budget.getDeclaredField("CURRENT");
            current.setAccessible(true);
            ((ThreadLocal<?>) current.get(null)).remove();
            return input;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
