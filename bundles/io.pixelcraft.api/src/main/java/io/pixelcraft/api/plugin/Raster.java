package io.pixelcraft.api.plugin;

import java.util.Arrays;

/**
 * An immutable image in non-premultiplied ARGB: one {@code int} per pixel, alpha in the top
 * byte, rows from top to bottom. Filters read and produce rasters, so they need no
 * {@code java.awt}.
 *
 * <p>Every constructor and accessor copies the pixel array, so a raster never changes after it
 * is made. A raster contains at most {@link #MAX_PIXELS} pixels, and the platform may set a
 * lower limit per call.
 */
public final class Raster {

    /** Largest pixel count of any raster: 16384 × 16384, about 1 GiB of pixel data. */
    public static final long MAX_PIXELS = 16_384L * 16_384L;

    private final int width;
    private final int height;
    private final int[] argb;

    private Raster(int width, int height, int[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    /**
     * Creates a raster from a copy of the given pixels.
     *
     * @throws IllegalArgumentException when a dimension is not positive, the pixel count is above
     *         {@link #MAX_PIXELS}, or the array length is not {@code width * height}
     */
    public static Raster of(int width, int height, int[] argb) {
        checkSize(width, height);
        if (argb.length != width * height) {
            throw new IllegalArgumentException("Pixel array has " + argb.length + " entries but a "
                    + width + "x" + height + " raster needs " + (width * height));
        }
        return new Raster(width, height, argb.clone());
    }

    /**
     * Creates a raster with every pixel set to one colour.
     *
     * @throws IllegalArgumentException when a dimension is not positive or the pixel count is
     *         above {@link #MAX_PIXELS}
     */
    public static Raster filled(int width, int height, int argb) {
        checkSize(width, height);
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, argb);
        return new Raster(width, height, pixels);
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Raster size " + width + "x" + height + " is invalid: both must be positive");
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("Raster size " + width + "x" + height + " exceeds the maximum of "
                    + MAX_PIXELS + " pixels");
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Returns the number of pixels, {@code width * height}. */
    public int pixelCount() {
        return argb.length;
    }

    /**
     * Returns the ARGB value of one pixel.
     *
     * @throws IndexOutOfBoundsException when {@code x} or {@code y} lies outside the raster
     */
    public int argb(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("Pixel (" + x + ", " + y + ") is outside the " + width + "x" + height + " raster");
        }
        return argb[y * width + x];
    }

    /** Returns a copy of all pixels, row by row. */
    public int[] pixels() {
        return argb.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Raster r && r.width == width && r.height == height && Arrays.equals(r.argb, argb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(argb);
    }

    @Override
    public String toString() {
        return "Raster[" + width + "x" + height + "]";
    }
}
