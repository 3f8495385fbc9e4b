package io.pixelcraft.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pixel comparisons for render tests. */
final class Pixels {

    private Pixels() {
    }

    /** Creates an expected image: a background with filled axis-aligned boxes {x, y, w, h, rgb}. */
    static BufferedImage expected(int width, int height, int background, int[]... boxes) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(background, true));
        g.fillRect(0, 0, width, height);
        for (int[] box : boxes) {
            g.setColor(new Color(box[4], true));
            g.fillRect(box[0], box[1], box[2], box[3]);
        }
        g.dispose();
        return image;
    }

    /**
     * Asserts that two images have the same size and that at most {@code maxMismatchFraction} of
     * the pixels differ by more than {@code tolerance} in any ARGB channel.
     */
    static void assertClose(BufferedImage actual, BufferedImage expected, int tolerance, double maxMismatchFraction) {
        assertThat(actual.getWidth()).as("width").isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).as("height").isEqualTo(expected.getHeight());
        int mismatches = 0;
        String first = null;
        for (int y = 0; y < actual.getHeight(); y++) {
            for (int x = 0; x < actual.getWidth(); x++) {
                int a = actual.getRGB(x, y);
                int e = expected.getRGB(x, y);
                if (channelDistance(a, e) > tolerance) {
                    mismatches++;
                    if (first == null) {
                        first = String.format("(%d, %d): %08x, expected %08x", x, y, a, e);
                    }
                }
            }
        }
        double fraction = mismatches / (double) (actual.getWidth() * actual.getHeight());
        assertThat(fraction).as("fraction of pixels off by more than %d, first %s", tolerance, first)
                .isLessThanOrEqualTo(maxMismatchFraction);
    }

    static int channelDistance(int a, int b) {
        int max = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            max = Math.max(max, Math.abs(((a >>> shift) & 0xFF) - ((b >>> shift) & 0xFF)));
        }
        return max;
    }

    /** Returns a file of the shared test image corpus, or {@code null} when the corpus is absent. */
    static Path corpusFile(String relative) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        if (directory == null || directory.getParent() == null) {
            return null;
        }
        Path file = directory.getParent().resolve("shared/corpus").resolve(relative);
        return Files.exists(file) ? file : null;
    }
}
