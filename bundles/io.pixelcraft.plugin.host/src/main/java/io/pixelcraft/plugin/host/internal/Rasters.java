package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.Raster;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Conversions between {@link BufferedImage} and the plugin {@link Raster}, and pixel hashes. */
public final class Rasters {

    private Rasters() {
    }

    /** Returns the image's pixels as a raster, in non-premultiplied ARGB whatever the image type. */
    public static Raster toRaster(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        return Raster.of(width, height, image.getRGB(0, 0, width, height, null, 0, width));
    }

    /** Returns a new {@code TYPE_INT_ARGB} image with the raster's pixels. */
    public static BufferedImage toImage(Raster raster) {
        BufferedImage image = new BufferedImage(raster.width(), raster.height(), BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, raster.width(), raster.height(), raster.pixels(), 0, raster.width());
        return image;
    }

    /**
     * Returns the SHA-256 of the size and pixels, in hex, as a cache key. It reads every pixel,
     * so it costs time proportional to the image; the engine's source hash avoids it where known.
     */
    public static String hash(Raster raster) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(4 * 4096);
            buffer.putInt(raster.width()).putInt(raster.height());
            for (int pixel : raster.pixels()) {
                if (!buffer.hasRemaining()) {
                    digest.update(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putInt(pixel);
            }
            digest.update(buffer.array(), 0, buffer.position());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
