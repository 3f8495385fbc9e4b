package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the cached ICC conversion with TwelveMonkeys' own conversion, which is the reference,
 * on the corpus JPEGs whose profile is not sRGB.
 */
class IccJpegCorpusTest {

    @TempDir
    Path temp;

    private final IccConversionCache cache = new IccConversionCache(IccConversionCache.DEFAULT_CAPACITY);
    private final ImageDecoder cached = new ImageDecoder(100_000_000L, 15_000, new MemoryBudget(1L << 30),
            Corpus.WATCHDOG, new DecodeSlots(0, 5_000), cache);
    private final ImageDecoder reference = new ImageDecoder(100_000_000L, 15_000, new MemoryBudget(1L << 30),
            Corpus.WATCHDOG, new DecodeSlots(0, 5_000), null);

    @Test
    void corpusIccJpegsMatchReader() throws Exception {
        List<Path> iccJpegs = corpusIccJpegs();
        // flower2.jpg carries a 3 KB sRGB-like profile that TwelveMonkeys does not take for sRGB,
        // so its reader converts that file too, and so does the cache.
        assertThat(iccJpegs).as("corpus JPEGs with a YCbCr ICC profile")
                .contains(bigProfileJpeg(), corpusOrSkip().resolve("Pillow/flower2.jpg"));
        for (Path file : iccJpegs) {
            for (int maxEdge : new int[] {0, 1024, 200, 100}) {
                assertSamePixels(file, maxEdge);
            }
        }
        assertThat(cache.size()).as("profiles cached").isPositive();
    }

    @Test
    void largerPhotoWithBigProfileMatchesReader() throws Exception {
        Path file = temp.resolve("photo-with-profile.jpg");
        Files.write(file, withProfileOf(bigProfileJpeg(), photo(2400, 1600)));

        for (int maxEdge : new int[] {0, 1024, 256}) {
            assertSamePixels(file, maxEdge);
        }
    }

    @Test
    void concurrentDecodesMatchReader() throws Exception {
        Path file = bigProfileJpeg();
        ImageDecoder shared = new ImageDecoder(100_000_000L, 15_000, new MemoryBudget(1L << 30), Corpus.WATCHDOG,
                new DecodeSlots(4, 5_000), cache);
        int[] expected = PixelConverter.argbData(reference.decode(file, ImageFormat.JPEG, 0).pixels());

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(threads.submit(() -> PixelConverter.argbData(shared.decode(file, ImageFormat.JPEG, 0).pixels())));
            }
            for (Future<int[]> result : results) {
                assertThat(result.get()).as("pixels of a concurrent decode").isEqualTo(expected);
            }
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void truncatedIccJpegIsRejected() throws Exception {
        byte[] whole = Files.readAllBytes(bigProfileJpeg());
        Path file = temp.resolve("truncated.jpg");
        Files.write(file, Arrays.copyOf(whole, whole.length - 20_000));
        assertThat(JpegMarkers.ycbcrIccProfile(ByteBuffer.wrap(Files.readAllBytes(file)))).as("profile found").isNotNull();

        assertThatThrownBy(() -> cached.decode(file, ImageFormat.JPEG, 0))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining("truncated");
    }

    /**
     * Asserts equal pixels. One level of difference would be acceptable for a preview, but both
     * paths run the same LittleCMS transform on the same samples, so any difference is a bug.
     */
    private void assertSamePixels(Path file, int maxEdge) throws Exception {
        BufferedImage expected = reference.decode(file, ImageFormat.JPEG, maxEdge).pixels();
        BufferedImage actual = cached.decode(file, ImageFormat.JPEG, maxEdge).pixels();
        String label = file.getFileName() + " at max edge " + maxEdge;

        assertThat(actual.getWidth()).as("width of %s", label).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).as("height of %s", label).isEqualTo(expected.getHeight());
        int maxDifference = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int a = actual.getRGB(x, y);
                int b = expected.getRGB(x, y);
                for (int shift = 0; shift < 32; shift += 8) {
                    maxDifference = Math.max(maxDifference, Math.abs((a >>> shift & 0xff) - (b >>> shift & 0xff)));
                }
            }
        }
        assertThat(maxDifference).as("max difference per channel in %s", label).isZero();
    }

    private List<Path> corpusIccJpegs() throws Exception {
        Path corpus = corpusOrSkip();
        try (Stream<Path> files = Files.walk(corpus)) {
            return files.filter(path -> path.toString().endsWith(".jpg")).sorted()
                    .filter(path -> hasConvertibleProfile(path)).toList();
        }
    }

    private boolean hasConvertibleProfile(Path file) {
        try {
            byte[] profile = JpegMarkers.ycbcrIccProfile(ByteBuffer.wrap(Files.readAllBytes(file)));
            return profile != null && cache.forProfile(profile).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path bigProfileJpeg() {
        return corpusOrSkip().resolve("Pillow/icc_profile_big.jpg");
    }

    /** Returns a JPEG of photo-like pixels: gradients and a seeded noise. */
    private static byte[] photo(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(16);
                image.setRGB(x, y, Math.min(255, x * 255 / width + noise) << 16
                        | Math.min(255, y * 255 / height + noise) << 8 | (x + y) * 255 / (width + height));
            }
        }
        return Encoder.jpeg(image).bytes();
    }

    /** Inserts the APP2 ICC segments of {@code source} right after the start-of-image marker of {@code jpeg}. */
    private static byte[] withProfileOf(Path source, byte[] jpeg) throws Exception {
        byte[] donor = Files.readAllBytes(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int position = 2;
        while (position + 4 <= donor.length && (donor[position + 1] & 0xff) != 0xda) {
            int length = (donor[position + 2] & 0xff) << 8 | donor[position + 3] & 0xff;
            if ((donor[position + 1] & 0xff) == 0xe2) {
                out.write(donor, position, 2 + length);
            }
            position += 2 + length;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static Path corpusOrSkip() {
        return Corpus.directory().orElseGet(() -> {
            assumeTrue(false, "Image corpus ../shared/corpus not found next to the repository; skipping");
            return null;
        });
    }
}
