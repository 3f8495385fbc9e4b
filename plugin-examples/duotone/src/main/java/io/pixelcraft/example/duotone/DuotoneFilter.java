package io.pixelcraft.example.duotone;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/**
 * Maps each pixel's luminance onto a gradient from a dark to a light colour, keeping alpha: the
 * print technique of two inks, as seen on posters.
 */
@Component(service = Filter.class)
public class DuotoneFilter implements Filter {

    static final ParameterSchema SCHEMA = ParameterSchema.of(
            new Parameter.Color("dark", "Dark colour", 0xFF1B1464),
            new Parameter.Color("light", "Light colour", 0xFFFFD166),
            new Parameter.Number("contrast", "Contrast", 0.1, 4, 1.0, false));

    @Override
    public String id() {
        return "example.duotone";
    }

    @Override
    public String name(Locale locale) {
        return switch (locale.getLanguage()) {
            case "de" -> "Duplex";
            case "fr" -> "Bichromie";
            default -> "Duotone";
        };
    }

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        int dark = parameters.color("dark");
        int light = parameters.color("light");
        double contrast = parameters.number("contrast");
        int[] pixels = input.pixels();
        for (int i = 0; i < pixels.length; i++) {
            int argb = pixels[i];
            double luma = (0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF)) / 255;
            double t = Math.max(0, Math.min(1, (luma - 0.5) * contrast + 0.5));
            pixels[i] = (argb & 0xFF000000) | mix(dark, light, t);
            if ((i & 0xFFFF) == 0) {
                context.checkCancelled();
                context.progress((double) i / pixels.length);
            }
        }
        return Raster.of(input.width(), input.height(), pixels);
    }

    /** Mixes the RGB channels of two colours; {@code t} 0 gives {@code from}, 1 gives {@code to}. */
    static int mix(int from, int to, double t) {
        int result = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int a = (from >> shift) & 0xFF;
            int b = (to >> shift) & 0xFF;
            result |= ((int) Math.round(a + (b - a) * t)) << shift;
        }
        return result;
    }
}
