package io.pixelcraft.example.pixelate;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/** Replaces each square block of pixels by its average colour or by its centre pixel. */
@Component(service = Filter.class)
public class PixelateFilter implements Filter {

    static final ParameterSchema SCHEMA = ParameterSchema.of(
            new Parameter.Number("size", "Block size (px)", 1, 512, 8.0, true),
            new Parameter.Choice("sample", "Colour of a block", List.of("average", "centre"), "average"));

    @Override
    public String id() {
        return "example.pixelate";
    }

    @Override
    public String name(Locale locale) {
        return switch (locale.getLanguage()) {
            case "de" -> "Verpixeln";
            case "fr" -> "Pixelliser";
            default -> "Pixelate";
        };
    }

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Raster apply(Raster input, Parameters parameters, FilterContext context) {
        int size = parameters.integer("size");
        boolean average = parameters.choice("sample").equals("average");
        int width = input.width();
        int height = input.height();
        int[] source = input.pixels();
        int[] output = new int[source.length];
        for (int top = 0; top < height; top += size) {
            context.checkCancelled();
            context.progress((double) top / height);
            int bottom = Math.min(top + size, height);
            for (int left = 0; left < width; left += size) {
                int right = Math.min(left + size, width);
                int colour = average
                        ? averageOf(source, width, left, top, right, bottom)
                        : source[((top + bottom) / 2) * width + (left + right) / 2];
                for (int y = top; y < bottom; y++) {
                    for (int x = left; x < right; x++) {
                        output[y * width + x] = colour;
                    }
                }
            }
        }
        return Raster.of(width, height, output);
    }

    /** Averages each ARGB channel over the block {@code [left, right) x [top, bottom)}. */
    private static int averageOf(int[] pixels, int width, int left, int top, int right, int bottom) {
        long[] sums = new long[4];
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                int argb = pixels[y * width + x];
                for (int channel = 0; channel < 4; channel++) {
                    sums[channel] += (argb >>> (channel * 8)) & 0xFF;
                }
            }
        }
        long count = (long) (right - left) * (bottom - top);
        int result = 0;
        for (int channel = 0; channel < 4; channel++) {
            result |= (int) ((sums[channel] + count / 2) / count) << (channel * 8);
        }
        return result;
    }
}
