package io.pixelcraft.imaging.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes previews and normalised images with the JDK's writers: JPEG when opaque, PNG with alpha. */
final class Encoder {

    /** JPEG quality for previews and re-encoded photos (0 to 1). */
    static final float JPEG_QUALITY = 0.88f;

    private Encoder() {
    }

    /** An encoded image. */
    record Encoded(byte[] bytes, ImageFormat format) {
    }

    /** Encodes as JPEG when every pixel is opaque, otherwise as PNG. */
    static Encoded encode(BufferedImage argb, boolean hasAlpha) throws IOException {
        return hasAlpha ? png(argb) : jpeg(argb);
    }

    static Encoded png(BufferedImage argb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(argb, "png", out)) {
            throw new IOException("No PNG writer is installed");
        }
        return new Encoded(out.toByteArray(), ImageFormat.PNG);
    }

    /** Encodes a {@code TYPE_INT_ARGB} image as JPEG, dropping alpha. */
    static Encoded jpeg(BufferedImage argb) throws IOException {
        // The JDK's JPEG writer rejects images with alpha, so copy into an opaque RGB raster.
        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] source = PixelConverter.argbData(argb);
        int[] target = ((java.awt.image.DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < source.length; i++) {
            target[i] = source[i] & 0xffffff;
        }
        ImageWriter writer = jdkJpegWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return new Encoded(out.toByteArray(), ImageFormat.JPEG);
    }

    private static ImageWriter jdkJpegWriter() throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter chosen = null;
        while (writers.hasNext()) {
            ImageWriter candidate = writers.next();
            if (chosen == null || candidate.getClass().getName().startsWith("com.sun.")) {
                chosen = candidate;
            }
        }
        if (chosen == null) {
            throw new IOException("No JPEG writer is installed");
        }
        return chosen;
    }
}
