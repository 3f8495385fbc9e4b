package io.pixelcraft.filters.builtin.internal;

import ij.process.ColorProcessor;
import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;
import java.util.Map;

/**
 * Base of the built-in filters: converts the raster to an ImageJ {@link ColorProcessor}, lets
 * the subclass change it in place, and puts the original alpha channel back, because ImageJ's
 * colour operations work on RGB only.
 *
 * <p>These filters use ImageJ's Java API only; {@code IJ.run} command strings throw
 * {@code HeadlessException} on a server. ImageJ uses {@code java.awt}, so this bundle is a
 * trusted filter bundle without the sandbox header: the host limits its calls by time (cancel
 * and interrupt) and output size, not by woven checks.
 */
abstract class ImageJFilter implements Filter {

    private final String id;
    private final Map<String, String> names;

    /**
     * @param id    the filter id, {@code builtin.} and a hyphenated name
     * @param names display names by language tag, with at least {@code en}
     */
    ImageJFilter(String id, Map<String, String> names) {
        this.id = id;
        this.names = Map.copyOf(names);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name(Locale locale) {
        return names.getOrDefault(locale.getLanguage(), names.get("en"));
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        context.checkCancelled();
        int[] pixels = input.pixels();
        ColorProcessor processor = new ColorProcessor(input.width(), input.height(), pixels.clone());
        process(processor, parameters, context);
        context.checkCancelled();
        int[] output = (int[]) processor.getPixels();
        for (int i = 0; i < output.length; i++) {
            output[i] = (pixels[i] & 0xFF000000) | (output[i] & 0x00FFFFFF);
        }
        context.progress(1);
        return Raster.of(input.width(), input.height(), output);
    }

    /** Changes the processor's RGB pixels in place. */
    abstract void process(ColorProcessor processor, Parameters parameters, FilterContext context);
}
