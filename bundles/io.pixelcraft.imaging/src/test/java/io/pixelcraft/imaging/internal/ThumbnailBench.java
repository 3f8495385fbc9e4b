package io.pixelcraft.imaging.internal;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Command-line benchmark for bench/imaging-bench.sh (not a unit test).
 *
 * <ul>
 *   <li>{@code generate OUT WIDTH HEIGHT}: writes a photo-like JPEG (gradients plus noise).
 *   <li>{@code thumb RUNS FILE...}: makes the 256 px preview of each file the way the thumbnail
 *       workers do (subsampled decode, scale, JPEG or PNG encode), after 15 warm-up runs, and
 *       prints the median milliseconds per file.
 *   <li>{@code thumb-first RUNS FILE...}: like {@code thumb}, but with a new decoder, and so an
 *       empty ICC conversion cache, for every run: the cost of a file whose profile the cache
 *       has not seen, in a JVM that has compiled that path. TwelveMonkeys' JVM-wide cache of
 *       parsed colour spaces stays warm.
 *   <li>{@code thumb-reader RUNS FILE...}: like {@code thumb}, without the ICC conversion cache,
 *       so TwelveMonkeys' JPEG reader converts the profile on every read, as before the cache.
 *   <li>{@code peak FILE}: makes the 256 px preview once and prints the peak heap use in MiB.
 *   <li>{@code png-noise OUT WIDTH HEIGHT}: writes an incompressible RGB PNG for throughput tests.
 * </ul>
 */
public final class ThumbnailBench {

    /** Runs before timing; with fewer, the JIT was still compiling the scaler on a 2-core machine. */
    private static final int WARM_UP_RUNS = 15;

    private ThumbnailBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "png-noise" -> pngNoise(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "thumb" -> thumbRuns(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length), false);
            case "thumb-first" -> thumbRuns(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length), true);
            case "thumb-reader" -> thumbRuns(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length), false,
                    ThumbnailBench::readerConversionDecoder);
            case "peak" -> peak(Path.of(args[1]));
            default -> throw new IllegalArgumentException("Unknown command " + args[0] + ": use generate, png-noise, thumb, thumb-first, thumb-reader or peak");
        }
        System.exit(0);
    }

    private static ImageDecoder decoder() {
        return new ImageDecoder(200_000_000L, 120_000, new MemoryBudget(Runtime.getRuntime().maxMemory() * 9 / 10),
                Corpus.WATCHDOG);
    }

    private static ImageDecoder readerConversionDecoder() {
        return new ImageDecoder(200_000_000L, 120_000, new MemoryBudget(Runtime.getRuntime().maxMemory() * 9 / 10),
                Corpus.WATCHDOG, new DecodeSlots(0, 5_000), null);
    }

    /** Runs the preview path of the thumbnail workers on one file and returns the encoded size. */
    static int thumbnail(ImageDecoder decoder, MediaTypeDetector detector, Path file) throws Exception {
        ImageDecoder.Decoded decoded = decoder.decode(file, detector.detect(file), Thumbnails.SIZES[1]);
        BufferedImage scaled = Scaler.fitWithin(decoded.pixels(), 256);
        return Encoder.encode(scaled, ImageDecoder.anyTransparent(scaled)).bytes().length;
    }

    private static void thumbRuns(int runs, String[] files, boolean freshDecoder) throws Exception {
        thumbRuns(runs, files, freshDecoder, ThumbnailBench::decoder);
    }

    private static void thumbRuns(int runs, String[] files, boolean freshDecoder,
            java.util.function.Supplier<ImageDecoder> decoders) throws Exception {
        ImageDecoder decoder = decoders.get();
        MediaTypeDetector detector = new MediaTypeDetector();
        for (String name : files) {
            Path file = Path.of(name);
            for (int i = 0; i < WARM_UP_RUNS; i++) {
                thumbnail(freshDecoder ? decoders.get() : decoder, detector, file);
            }
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                ImageDecoder runDecoder = freshDecoder ? decoders.get() : decoder;
                long start = System.nanoTime();
                thumbnail(runDecoder, detector, file);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "%s\t%.1f%n", file.getFileName(), millis[runs / 2]);
        }
    }

    private static void peak(Path file) throws Exception {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        thumbnail(decoder(), new MediaTypeDetector(), file);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak-heap-mib\t%.1f%n", peak / (1024.0 * 1024));
    }

    private static void generate(Path out, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(24) - 12;
                int r = clamp(x * 255 / width + noise);
                int g = clamp(y * 255 / height + noise);
                int b = clamp(128 + (int) (100 * Math.sin(x / 97.0) * Math.cos(y / 53.0)) + noise);
                row[x] = r << 16 | g << 8 | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        Files.write(out, Encoder.jpeg(image).bytes());
    }

    private static void pngNoise(Path out, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = 0xff000000 | random.nextInt(0x1000000);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        javax.imageio.ImageIO.write(rgb, "png", out.toFile());
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
