package io.pixelcraft.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;

/** Prints benchmark lines and appends them to the file named by {@code benchmarks.output}. */
public final class Report {

    private Report() {
    }

    public static void line(String format, Object... args) {
        String text = String.format(java.util.Locale.ROOT, format, args);
        System.out.println(text);
        String output = System.getProperty("benchmarks.output");
        if (output != null) {
            try {
                Files.writeString(Path.of(output), text + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Returns the value at a percentile (0 to 100) of the samples, nearest-rank. */
    public static double percentile(double[] samples, double percentile) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Resets the peak usage of every heap pool. */
    public static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /**
     * Returns the sum of the heap pools' peak usage since the last reset, in MiB. The pools peak
     * at different moments, so this is an upper bound of the real peak.
     */
    public static double peakHeapMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024.0);
    }

    /** Returns the machine description printed above each result. */
    public static String machine() {
        return String.format(java.util.Locale.ROOT, "Java %s, %d processors, max heap %d MiB",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
