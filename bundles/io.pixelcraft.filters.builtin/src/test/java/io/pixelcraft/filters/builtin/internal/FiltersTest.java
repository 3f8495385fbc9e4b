package io.pixelcraft.filters.builtin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.Raster;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FiltersTest {

    private static final FilterContext CONTEXT = new FilterContext() {
        @Override
        public void progress(double fraction) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    private static final List<Filter> ALL = List.of(new Filters.GaussianBlur(), new Filters.Sharpen(),
            new Filters.BrightnessContrast(), new Filters.HueSaturation(), new Filters.Greyscale(),
            new Filters.Invert(), new Filters.EdgeDetection(), new Filters.Median());

    private static Raster apply(Filter filter, Raster input, Map<String, ?> parameters) {
        return filter.apply(input, filter.schema().resolve(parameters), CONTEXT);
    }

    /** Returns a 16x16 raster with a gradient and a half-transparent right half. */
    private static Raster gradient() {
        int[] pixels = new int[256];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int alpha = x < 8 ? 0xFF : 0x80;
                pixels[y * 16 + x] = (alpha << 24) | ((x * 16) << 16) | ((y * 16) << 8) | 0x40;
            }
        }
        return Raster.of(16, 16, pixels);
    }

    @Test
    void everyFilterKeepsSizeAndAlpha() {
        Raster input = gradient();
        for (Filter filter : ALL) {
            Raster output = apply(filter, input, Map.of());

            assertThat(output.width()).as(filter.id()).isEqualTo(16);
            assertThat(output.height()).as(filter.id()).isEqualTo(16);
            assertThat(output.argb(12, 3) >>> 24).as(filter.id() + " alpha").isEqualTo(0x80);
            assertThat(output.argb(2, 3) >>> 24).as(filter.id() + " alpha").isEqualTo(0xFF);
        }
    }

    @Test
    void medianCostGrowsWithRadiusSquared() {
        Filters.Median median = new Filters.Median();

        double atDefault = median.cost().estimate(1_000_000, median.schema().defaults());
        double atFifty = median.cost().estimate(64_000_000, median.schema().resolve(Map.of("radius", 50)));
        double belowOne = median.cost().estimate(100, median.schema().resolve(Map.of("radius", 0.5)));

        assertThat(atDefault).isEqualTo(8 * 4 * 1_000_000.0);
        assertThat(atFifty).isEqualTo(8 * 2500 * 64_000_000.0);
        assertThat(belowOne).as("a radius below 1 still costs the base factor").isEqualTo(800.0);
    }

    @Test
    void idsAreUniqueAndNamed() {
        assertThat(ALL).extracting(Filter::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("builtin."));
        assertThat(ALL).extracting(filter -> filter.name(java.util.Locale.GERMAN)).doesNotContainNull();
    }

    @Test
    void invertTwiceRestoresInput() {
        Raster input = gradient();
        Filter invert = new Filters.Invert();

        assertThat(apply(invert, apply(invert, input, Map.of()), Map.of())).isEqualTo(input);
        assertThat(apply(invert, input, Map.of()).argb(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFBF);
    }

    @Test
    void greyscaleEqualisesChannels() {
        Raster output = apply(new Filters.Greyscale(), gradient(), Map.of());

        int argb = output.argb(5, 9);
        assertThat((argb >> 16) & 0xFF).isEqualTo((argb >> 8) & 0xFF).isEqualTo(argb & 0xFF);
    }

    @Test
    void fullBrightnessMakesWhite() {
        Raster output = apply(new Filters.BrightnessContrast(), gradient(), Map.of("brightness", 100));

        assertThat(output.argb(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void blurSmoothsSingleDot() {
        int[] pixels = new int[25];
        java.util.Arrays.fill(pixels, 0xFF000000);
        pixels[12] = 0xFFFFFFFF;

        Raster output = apply(new Filters.GaussianBlur(), Raster.of(5, 5, pixels), Map.of("radius", 1.0));

        assertThat(output.argb(2, 2) & 0xFF).isBetween(1, 254);
        assertThat(output.argb(1, 2) & 0xFF).isPositive();
    }

    @Test
    void medianRemovesSaltNoise() {
        int[] pixels = new int[49];
        java.util.Arrays.fill(pixels, 0xFF202020);
        pixels[24] = 0xFFFFFFFF;

        Raster output = apply(new Filters.Median(), Raster.of(7, 7, pixels), Map.of("radius", 1.0));

        assertThat(output.argb(3, 3)).isEqualTo(0xFF202020);
    }

    @Test
    void flatImageHasNoEdges() {
        Raster output = apply(new Filters.EdgeDetection(), Raster.filled(6, 6, 0xFF808080), Map.of());

        assertThat(output.argb(3, 3) & 0xFFFFFF).isZero();
    }

    @Test
    void hueRotationTurnsRedTowardsGreen() {
        Raster output = apply(new Filters.HueSaturation(), Raster.filled(2, 2, 0xFFFF0000), Map.of("hue", 120.0));

        int argb = output.argb(0, 0);
        assertThat((argb >> 8) & 0xFF).isGreaterThan((argb >> 16) & 0xFF);
    }

    @Test
    void corpusPhotoRunsThroughEveryFilter() throws IOException {
        Path corpus = corpus();
        assumeTrue(corpus != null, "Skipped: ../shared/corpus not found next to the repository");
        Path file = corpus.resolve("pngsuite/png/basn6a08.png");
        assumeTrue(Files.exists(file), "Skipped: " + file + " is missing");
        BufferedImage image = ImageIO.read(file.toFile());
        Raster input = Raster.of(image.getWidth(), image.getHeight(),
                image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()));

        for (Filter filter : ALL) {
            Raster output = apply(filter, input, Map.of());

            assertThat(output.pixelCount()).as(filter.id()).isEqualTo(input.pixelCount());
            assertThat(output.argb(5, 5) >>> 24).as(filter.id() + " alpha").isEqualTo(input.argb(5, 5) >>> 24);
        }
    }

    /** Finds ../shared/corpus next to the repository root, the directory that contains mvnw. */
    private static Path corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                Path corpus = dir.resolveSibling("shared").resolve("corpus");
                return Files.isDirectory(corpus) ? corpus : null;
            }
        }
        return null;
    }
}
