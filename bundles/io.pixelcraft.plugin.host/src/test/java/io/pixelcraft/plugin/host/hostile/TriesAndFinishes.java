package io.pixelcraft.plugin.host.hostile;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * Control plugin that behaves: it uses try-catch-finally, whose catch-all handler javac lets
 * cover its own entry, try-with-resources and a catch in a loop. Woven, it must return the same
 * output as unwoven.
 */
public final class TriesAndFinishes implements Filter {

    @Override
    public String id() {
        return "hostile.tries-and-finishes";
    }

    @Override
    public String name(Locale locale) {
        return "TriesAndFinishes";
    }

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.EMPTY;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        int[] pixels = input.pixels();
        int parsed = 0;
        for (int i = 0; i < pixels.length; i++) {
            try {
                parsed += Integer.parseInt(i % 2 == 0 ? "1" : "x");
            } catch (NumberFormatException e) {
                parsed--;
            } finally {
                pixels[i] = pixels[i] ^ 0x00FFFFFF;
            }
        }
        try (ByteArrayInputStream in = new ByteArrayInputStream(new byte[] {1, 2})) {
            parsed += in.read();
        } catch (IOException e) {
            parsed = -1;
        }
        pixels[0] = parsed;
        return Raster.of(input.width(), input.height(), pixels);
    }
}
