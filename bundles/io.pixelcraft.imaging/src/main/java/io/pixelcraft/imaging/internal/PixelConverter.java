package io.pixelcraft.imaging.internal;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts decoded images to 8-bit sRGB {@code TYPE_INT_ARGB} without the JDK's colour-conversion
 * errors.
 *
 * <p>The JDK treats grey images as linear {@code CS_GRAY}, so {@code getRGB()} and
 * {@code ColorConvertOp} brighten them (sample 99 becomes 167). Grey samples are therefore copied
 * as they are, which is what browsers show. 16-bit samples are reduced with rounding
 * ({@code (v * 255 + 32767) / 65535}), the nearest 8-bit level, so smooth gradients keep every
 * level the 8-bit range has.
 */
final class PixelConverter {

    private PixelConverter() {
    }

    /**
     * Returns the image as {@code TYPE_INT_ARGB} in sRGB.
     *
     * @param greyTransparentSample for grey PNGs with a tRNS chunk, the transparent grey value at
     *                              the file's bit depth, otherwise -1
     * @param greyBitDepth          the file's grey bit depth for {@code greyTransparentSample}
     */
    static BufferedImage toArgb(BufferedImage image, int greyTransparentSample, int greyBitDepth) {
        if (greyTransparentSample < 0) {
            BufferedImage fast = fromStandardLayout(image);
            if (fast != null) {
                return fast;
            }
        }
        ColorSpace colorSpace = image.getColorModel().getColorSpace();
        if (image.getColorModel() instanceof IndexColorModel) {
            return viaGetRgb(image);
        }
        if (image.getColorModel() instanceof ComponentColorModel && colorSpace.getType() == ColorSpace.TYPE_GRAY) {
            return fromGreySamples(image, greyTransparentSample, greyBitDepth);
        }
        if (image.getColorModel() instanceof ComponentColorModel && colorSpace.isCS_sRGB()
                && !image.isAlphaPremultiplied()) {
            return fromRgbSamples(image);
        }
        if (colorSpace.isCS_sRGB()) {
            return viaGetRgb(image);
        }
        // An ICC profile other than sRGB (or CMYK): convert through the profile.
        BufferedImage target = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        new ColorConvertOp(null).filter(image, target);
        return target;
    }

    /** Returns the pixel array of a {@code TYPE_INT_ARGB} image created with {@code new BufferedImage}. */
    static int[] argbData(BufferedImage argb) {
        return ((DataBufferInt) argb.getRaster().getDataBuffer()).getData();
    }

    /**
     * Converts the common decoder outputs by reading their sample arrays directly, which is many
     * times faster than {@code getRGB}; returns null for other layouts. 8-bit grey is copied as
     * stored, so it is not brightened.
     */
    private static BufferedImage fromStandardLayout(BufferedImage image) {
        int type = image.getType();
        boolean supported = type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR
                || type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_INT_RGB
                || type == BufferedImage.TYPE_INT_ARGB;
        if (!supported || image.getRaster().getParent() != null || !image.getColorModel().getColorSpace().isCS_sRGB()
                && type != BufferedImage.TYPE_BYTE_GRAY) {
            return null;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] out = argbData(target);
        int count = width * height;
        switch (type) {
            case BufferedImage.TYPE_3BYTE_BGR -> {
                byte[] in = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0, j = 0; i < count; i++, j += 3) {
                    out[i] = 0xff000000 | (in[j + 2] & 0xff) << 16 | (in[j + 1] & 0xff) << 8 | in[j] & 0xff;
                }
            }
            case BufferedImage.TYPE_4BYTE_ABGR -> {
                byte[] in = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0, j = 0; i < count; i++, j += 4) {
                    out[i] = (in[j] & 0xff) << 24 | (in[j + 3] & 0xff) << 16 | (in[j + 2] & 0xff) << 8 | in[j + 1] & 0xff;
                }
            }
            case BufferedImage.TYPE_BYTE_GRAY -> {
                byte[] in = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < count; i++) {
                    int level = in[i] & 0xff;
                    out[i] = 0xff000000 | level << 16 | level << 8 | level;
                }
            }
            case BufferedImage.TYPE_INT_RGB -> {
                int[] in = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < count; i++) {
                    out[i] = 0xff000000 | in[i];
                }
            }
            default -> System.arraycopy(((DataBufferInt) image.getRaster().getDataBuffer()).getData(), 0, out, 0, count);
        }
        return target;
    }

    private static BufferedImage viaGetRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_ARGB) {
            return image;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            target.setRGB(0, y, width, 1, row, 0, width);
        }
        return target;
    }

    private static BufferedImage fromGreySamples(BufferedImage image, int transparentSample, int fileBitDepth) {
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        int bits = image.getColorModel().getComponentSize(0);
        boolean alpha = raster.getNumBands() > 1;
        int alphaBits = alpha ? image.getColorModel().getComponentSize(1) : 8;
        int transparentScaled = transparentSample < 0 ? -1 : rescale(transparentSample, fileBitDepth, bits);
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] out = argbData(target);
        int[] grey = new int[width];
        int[] alphas = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, grey);
            if (alpha) {
                raster.getSamples(0, y, width, 1, 1, alphas);
            }
            for (int x = 0; x < width; x++) {
                int level = to8Bit(grey[x], bits);
                int a = alpha ? to8Bit(alphas[x], alphaBits) : 255;
                if (transparentScaled >= 0 && grey[x] == transparentScaled) {
                    a = 0;
                }
                out[y * width + x] = a << 24 | level << 16 | level << 8 | level;
            }
        }
        return target;
    }

    private static BufferedImage fromRgbSamples(BufferedImage image) {
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        int bands = raster.getNumBands();
        boolean alpha = image.getColorModel().hasAlpha() && bands > 3;
        int[] bits = image.getColorModel().getComponentSize();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] out = argbData(target);
        int[] samples = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, samples);
            for (int x = 0; x < width; x++) {
                int base = x * bands;
                int r = to8Bit(samples[base], bits[0]);
                int g = to8Bit(samples[base + 1], bits[1]);
                int b = to8Bit(samples[base + 2], bits[2]);
                int a = alpha ? to8Bit(samples[base + 3], bits[3]) : 255;
                out[y * width + x] = a << 24 | r << 16 | g << 8 | b;
            }
        }
        return target;
    }

    /** Scales a sample of {@code bits} bits to 8 bits, rounding to the nearest level. */
    static int to8Bit(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        int max = (1 << bits) - 1;
        return (int) ((sample * 255L + max / 2) / max);
    }

    private static int rescale(int sample, int fromBits, int toBits) {
        if (fromBits == toBits) {
            return sample;
        }
        int fromMax = (1 << fromBits) - 1;
        int toMax = (1 << toBits) - 1;
        return (int) ((long) sample * toMax / fromMax);
    }
}
