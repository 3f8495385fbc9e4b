package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Imports every file of the shared image corpus and checks the behaviour that the corpus's table
 * requires: rejection with the given status, or acceptance with the given size, transparency and
 * pixels (the PngSuite JSON references, or a companion image within the stated tolerance).
 */
class CorpusImportTest {

    private static final Pattern SIZE = Pattern.compile("\\b([1-9]\\d*)x(\\d+)\\b");
    private static final Pattern OBSERVED_SIZE = Pattern.compile("OK (\\d+)x(\\d+)");

    private final MediaTypeDetector detector = new MediaTypeDetector();
    private final ImageDecoder decoder = Corpus.decoder();

    @Test
    void everyCorpusFileHasRow() throws IOException {
        Path corpus = corpusOrSkip();
        List<String> listed = Corpus.rows(corpus).stream().map(Corpus.Row::file).toList();
        List<String> images;
        try (Stream<Path> files = Files.walk(corpus)) {
            images = files.filter(Files::isRegularFile)
                    .map(path -> corpus.relativize(path).toString())
                    .filter(name -> name.matches(".*\\.(png|jpg|gif|webp|bmp|tif)"))
                    .toList();
        }
        assertThat(images).hasSizeGreaterThan(200);
        assertThat(listed).containsAll(images);
    }

    @TestFactory
    Stream<DynamicTest> corpusFilesImportAsSpecified() throws IOException {
        Path corpus = corpusOrSkip();
        return Corpus.rows(corpus).stream()
                .map(row -> DynamicTest.dynamicTest(row.file(), () -> check(corpus, row)));
    }

    private void check(Path corpus, Corpus.Row row) throws Exception {
        String expected = row.expected();
        Optional<Set<Integer>> rejection = expectedRejection(expected);
        Outcome outcome = importFile(corpus.resolve(row.file()));

        if (rejection.isPresent()) {
            assertThat(outcome.status).as("status for %s (%s)", row.file(), outcome.message)
                    .isIn(rejection.get());
            assertThat(outcome.message).as("rejection message").isNotBlank();
            return;
        }
        assertThat(outcome.status).as("%s should import, but: %s", row.file(), outcome.message).isEqualTo(200);
        ImageDecoder.Decoded decoded = outcome.decoded;

        Optional<int[]> size = expectedSize(row);
        if (size.isPresent()) {
            assertThat(decoded.width()).as("width").isEqualTo(size.get()[0]);
            assertThat(decoded.height()).as("height").isEqualTo(size.get()[1]);
        }
        assertThat(decoded.pixels().getWidth()).as("pixel width").isEqualTo(decoded.width());
        assertThat(decoded.pixels().getHeight()).as("pixel height").isEqualTo(decoded.height());

        if (expected.startsWith("pixels equal json/ reference")) {
            assertPixelsEqualReference(corpus, row.file(), decoded.pixels());
        }
        checkCompanion(corpus, row, decoded.pixels());
        checkTransparency(expected, decoded);
        if (expected.contains("sample 99 stays 99")) {
            assertGreySamplesKept(corpus.resolve(row.file()), decoded.pixels());
        }
    }

    /** Returns the accepted statuses when the row requires a rejection. */
    private static Optional<Set<Integer>> expectedRejection(String expected) {
        if (expected.contains("413/422") || expected.startsWith("reject from header")) {
            return Optional.of(Set.of(413, 422));
        }
        if (expected.startsWith("reject") || expected.startsWith("422")) {
            return Optional.of(Set.of(422));
        }
        return Optional.empty();
    }

    /** Returns the size the row names, else the size TwelveMonkeys observed; empty for reference-only rows. */
    private static Optional<int[]> expectedSize(Corpus.Row row) {
        Matcher explicit = SIZE.matcher(row.expected());
        if (explicit.find()) {
            return Optional.of(new int[] {Integer.parseInt(explicit.group(1)), Integer.parseInt(explicit.group(2))});
        }
        Matcher observed = OBSERVED_SIZE.matcher(row.observedTwelveMonkeys());
        if (observed.find()) {
            return Optional.of(new int[] {Integer.parseInt(observed.group(1)), Integer.parseInt(observed.group(2))});
        }
        return Optional.empty();
    }

    private void checkCompanion(Path corpus, Corpus.Row row, BufferedImage actual) throws Exception {
        String expected = row.expected();
        String directory = Path.of(row.file()).getParent().toString();
        Matcher named = Pattern.compile("equal to `([^`]+)`").matcher(expected);
        if (named.find()) {
            // JPEG noise between orientations: Pillow's exif_transpose measured at most 4 per channel.
            assertMeanDifference(actual, decodeReference(corpus.resolve(directory).resolve(named.group(1))), 4.0);
        } else if (expected.startsWith("shown upright like hopper.jpg")) {
            // The square hopper set differs by about 5 per channel after the transpose (JPEG noise).
            assertMeanDifference(actual, decodeReference(corpus.resolve("Pillow/hopper.jpg")), 6.0);
        } else if (expected.startsWith("shown upright like hopper.webp")) {
            assertMeanDifference(actual, decodeReference(corpus.resolve("Pillow/hopper.webp")), 6.0);
        } else if (expected.contains("matching `hopper_webp.png`")) {
            // "Within a few levels": TwelveMonkeys' VP8 decoder rounds differently from libwebp.
            assertMeanDifference(actual, decodeReference(corpus.resolve("Pillow/hopper_webp.png")), 4.0);
        } else if (expected.startsWith("RGB layer visually equal to pil_sample_rgb.jpg")) {
            // TwelveMonkeys' conversion is about 5 to 7 per channel off; the stock JDK's 18 to 39.
            assertMeanDifference(actual, decodeReference(corpus.resolve("Pillow/pil_sample_rgb.jpg")), 8.0);
        } else if (expected.contains("pixels equal icc_profile.png")) {
            assertMeanDifference(actual, decodeReference(corpus.resolve("Pillow/icc_profile.png")), 2.0);
        }
    }

    private static void checkTransparency(String expected, ImageDecoder.Decoded decoded) {
        BufferedImage pixels = decoded.pixels();
        if (expected.startsWith("1x1 fully transparent")) {
            assertThat(pixels.getRGB(0, 0) >>> 24).as("alpha of the only pixel").isZero();
        }
        if (expected.startsWith("layer 75x50 with the frame drawn at x=25")) {
            assertThat(pixels.getRGB(0, 0) >>> 24).as("alpha left of the frame").isZero();
            assertThat(pixels.getRGB(24, 49) >>> 24).as("alpha left of the frame, bottom").isZero();
        }
        if (expected.contains("transparent") || expected.contains("alpha preserved")
                || expected.contains("with transparency") || expected.contains("tRNS applied")) {
            assertThat(decoded.hasAlpha()).as("has transparent pixels").isTrue();
        }
        if (expected.startsWith("that exact colour becomes transparent")) {
            for (int y = 0; y < pixels.getHeight(); y++) {
                for (int x = 0; x < pixels.getWidth(); x++) {
                    int argb = pixels.getRGB(x, y);
                    if ((argb & 0xffffff) == 0x00ff34) {
                        assertThat(argb >>> 24).as("alpha of the key colour at %d,%d", x, y).isZero();
                    }
                }
            }
        }
    }

    private void assertGreySamplesKept(Path file, BufferedImage actual) throws IOException {
        BufferedImage raw = ImageIO.read(file.toFile());
        int[] samples = raw.getRaster().getSamples(0, 0, raw.getWidth(), raw.getHeight(), 0, (int[]) null);
        for (int y = 0; y < raw.getHeight(); y++) {
            for (int x = 0; x < raw.getWidth(); x++) {
                int level = actual.getRGB(x, y) & 0xff;
                if (level != samples[y * raw.getWidth() + x]) {
                    fail("Grey level at %d,%d is %d, the file stores %d", x, y, level, samples[y * raw.getWidth() + x]);
                }
            }
        }
    }

    private static void assertPixelsEqualReference(Path corpus, String file, BufferedImage actual) throws IOException {
        String name = Path.of(file).getFileName().toString().replace(".png", "");
        Path json = corpus.resolve("pngsuite/json").resolve(name + "_to8.json");
        if (!Files.exists(json)) {
            json = corpus.resolve("pngsuite/json").resolve(name + ".json");
        }
        int[] reference = readJsonArray(json);
        if (java.util.Arrays.stream(reference).anyMatch(value -> value > 255)) {
            // References of 16-bit files without a _to8 companion hold 16-bit values: v / 257 gives 8 bits.
            for (int i = 0; i < reference.length; i++) {
                reference[i] = Math.round(reference[i] / 257f);
            }
        }
        int width = actual.getWidth();
        assertThat(reference).as("reference length").hasSize(width * actual.getHeight() * 4);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < reference.length / 4; i++) {
            int argb = actual.getRGB(i % width, i / width);
            int[] got = {argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff, argb >>> 24};
            int[] want = {reference[i * 4], reference[i * 4 + 1], reference[i * 4 + 2], reference[i * 4 + 3]};
            boolean bothTransparent = got[3] == 0 && want[3] == 0;
            for (int channel = 0; channel < 4 && !bothTransparent; channel++) {
                // One level of tolerance covers the rounding of 16-bit samples to 8 bits.
                if (Math.abs(got[channel] - want[channel]) > 1) {
                    differences.add(String.format("(%d,%d) got %s want %s", i % width, i / width,
                            java.util.Arrays.toString(got), java.util.Arrays.toString(want)));
                    break;
                }
            }
        }
        assertThat(differences).as("pixels differing from %s", json.getFileName()).isEmpty();
    }

    private BufferedImage decodeReference(Path file) throws Exception {
        return decoder.decode(file, detector.detect(file), 0).pixels();
    }

    private static void assertMeanDifference(BufferedImage actual, BufferedImage reference, double limit) {
        assertThat(actual.getWidth()).as("width against reference").isEqualTo(reference.getWidth());
        assertThat(actual.getHeight()).as("height against reference").isEqualTo(reference.getHeight());
        long sum = 0;
        for (int y = 0; y < actual.getHeight(); y++) {
            for (int x = 0; x < actual.getWidth(); x++) {
                int a = actual.getRGB(x, y);
                int b = reference.getRGB(x, y);
                sum += Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff))
                        + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff))
                        + Math.abs((a & 0xff) - (b & 0xff));
            }
        }
        double mean = sum / (3.0 * actual.getWidth() * actual.getHeight());
        assertThat(mean).as("mean absolute difference per channel").isLessThanOrEqualTo(limit);
    }

    private static int[] readJsonArray(Path json) throws IOException {
        String text = Files.readString(json).replaceAll("[\\[\\]\\s]", "");
        return text.isEmpty() ? new int[0] : Stream.of(text.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Status 200 with pixels, or the rejection status and message. */
    private record Outcome(int status, String message, ImageDecoder.Decoded decoded) {
    }

    private Outcome importFile(Path file) throws Exception {
        try {
            ImageFormat format = detector.detect(file);
            return new Outcome(200, "", decoder.decode(file, format, 0));
        } catch (ImageRejectedException e) {
            return new Outcome(e.status(), e.getMessage(), null);
        }
    }

    private static Path corpusOrSkip() {
        Optional<Path> corpus = Corpus.directory();
        assumeTrue(corpus.isPresent(), "Image corpus ../shared/corpus not found next to the repository; skipping");
        return corpus.get();
    }
}
