package io.pixelcraft.imaging.internal;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LRU cache of prepared ICC-to-sRGB conversions for RGB JPEGs, keyed by the SHA-256 of the
 * profile bytes from the APP2 segments.
 *
 * <p>TwelveMonkeys 3.13.1 converts such JPEGs with a new {@link ColorConvertOp}, and so a new
 * LittleCMS transform, on every read, and it copies the whole profile several times to hash and
 * check it. This cache prepares each profile the same way once and keeps the
 * {@code ColorConvertOp}. {@link Conversion#toArgb} then sends only the distinct colours through
 * it. Both keep the pixels of the reader's own path, because the same transform converts the
 * same 8-bit RGB samples.
 */
final class IccConversionCache {

    static final int DEFAULT_CAPACITY = 16;

    private static final Logger LOG = LoggerFactory.getLogger(IccConversionCache.class);

    private final Map<String, Optional<Conversion>> entries;

    IccConversionCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Capacity must be at least 1, got " + capacity);
        }
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<Conversion>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Returns the conversion for an embedded profile, preparing it on first use. Empty when the
     * profile is sRGB, is not an RGB profile, or cannot be read: the reader's own path handles
     * those files. The result is cached either way.
     */
    Optional<Conversion> forProfile(byte[] profile) {
        String key = sha256(profile);
        synchronized (entries) {
            Optional<Conversion> cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Prepared outside the lock, so a slow profile does not hold up other lookups. Two threads
        // that see a new profile at once both prepare it, and the second result replaces the first.
        Optional<Conversion> prepared = prepare(profile, key);
        synchronized (entries) {
            entries.put(key, prepared);
        }
        return prepared;
    }

    /** Returns the number of cached profiles, including those cached as having no conversion. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Returns whether the profile with these bytes is cached, without changing the LRU order. */
    boolean contains(byte[] profile) {
        String key = sha256(profile);
        synchronized (entries) {
            return entries.keySet().contains(key);
        }
    }

    /**
     * Prepares the profile the way TwelveMonkeys 3.13.1 {@code JPEGImageReader} does: read and
     * sanitise it with {@link ColorProfiles#readProfile}, treat a non-display profile with the
     * perceptual intent as a display profile, and skip sRGB profiles.
     */
    private static Optional<Conversion> prepare(byte[] bytes, String key) {
        try {
            ICC_Profile profile = ColorProfiles.readProfile(new ByteArrayInputStream(bytes));
            if (profile.getProfileClass() != ICC_Profile.CLASS_DISPLAY) {
                byte[] data = profile.getData();
                // Byte 64 is the high byte of the rendering intent, and perceptual is 0. ColorConvertOp
                // would otherwise apply the relative colorimetric intent to an output-class profile.
                if (data[ICC_Profile.icHdrRenderingIntent] == ICC_Profile.icPerceptual) {
                    writeBigEndian(ICC_Profile.icSigDisplayClass, data, ICC_Profile.icHdrDeviceClass);
                    profile = ColorProfiles.createProfile(data);
                }
            }
            if (ColorSpaces.isCS_sRGB(profile)) {
                return Optional.empty();
            }
            ICC_ColorSpace colorSpace = ColorSpaces.createColorSpace(profile);
            if (colorSpace.getType() != ColorSpace.TYPE_RGB || colorSpace.getNumComponents() != 3) {
                return Optional.empty();
            }
            return Optional.of(new Conversion(new ColorConvertOp(colorSpace, ColorSpace.getInstance(ColorSpace.CS_sRGB), null)));
        } catch (IOException | CMMException | IllegalArgumentException e) {
            LOG.warn("ICC profile {} ({} bytes) cannot be prepared for conversion; JPEGs with it are converted by the "
                    + "JPEG reader instead", key, bytes.length, e);
            return Optional.empty();
        }
    }

    private static void writeBigEndian(int value, byte[] array, int offset) {
        array[offset] = (byte) (value >> 24);
        array[offset + 1] = (byte) (value >> 16);
        array[offset + 2] = (byte) (value >> 8);
        array[offset + 3] = (byte) value;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    /** A prepared conversion from one embedded RGB profile to sRGB. */
    static final class Conversion {

        private final ColorConvertOp op;

        private Conversion(ColorConvertOp op) {
            this.op = op;
        }

        /**
         * Converts an 8-bit interleaved RGB raster in the profile's colour space to sRGB
         * {@code TYPE_INT_ARGB}.
         *
         * <p>Only the distinct colours go through LittleCMS: a photo has far fewer distinct colours
         * than pixels (23,524 of 106,250 in {@code icc_profile_big.jpg}), and the transform is a
         * function of each pixel alone, so the result is the same as converting every pixel. The
         * pixels are taken in batches of up to {@link #BATCH_COLOURS} distinct colours, which keeps
         * the extra memory at about 1.5 MB whatever the image size.
         */
        BufferedImage toArgb(Raster rgb) {
            int width = rgb.getWidth();
            int height = rgb.getHeight();
            byte[] samples = ((DataBufferByte) rgb.getDataBuffer()).getData();
            int pixelCount = width * height;
            BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            // Holds each pixel's index into the batch's distinct colours until its batch is converted.
            int[] out = PixelConverter.argbData(target);

            DistinctColours batch = new DistinctColours();
            int batchStart = 0;
            for (int i = 0, offset = 0; i < pixelCount; i++, offset += 3) {
                int colour = (samples[offset] & 0xff) << 16 | (samples[offset + 1] & 0xff) << 8 | samples[offset + 2] & 0xff;
                int index = batch.indexOf(colour);
                if (index < 0) {
                    convertBatch(batch, out, batchStart, i);
                    batch.clear();
                    batchStart = i;
                    index = batch.indexOf(colour);
                }
                out[i] = index;
            }
            convertBatch(batch, out, batchStart, pixelCount);
            return target;
        }

        /** Converts the batch's colours and replaces the indexes in {@code out[from..to)} with them. */
        private void convertBatch(DistinctColours batch, int[] out, int from, int to) {
            int count = batch.count;
            if (count == 0) {
                return;
            }
            WritableRaster source = Raster.createInterleavedRaster(new DataBufferByte(batch.colours, count * 3),
                    count, 1, count * 3, 3, new int[] {0, 1, 2}, null);
            WritableRaster converted = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, count, 1, 3, null);
            // ColorConvertOp and its LittleCMS transform keep per-call state and are not
            // documented as thread-safe, so concurrent decodes with one profile take turns here.
            synchronized (op) {
                op.filter(source, converted);
            }
            byte[] srgb = ((DataBufferByte) converted.getDataBuffer()).getData();
            for (int i = from; i < to; i++) {
                int offset = out[i] * 3;
                out[i] = 0xff000000 | (srgb[offset] & 0xff) << 16 | (srgb[offset + 1] & 0xff) << 8 | srgb[offset + 2] & 0xff;
            }
        }
    }

    /** Maximum distinct colours per batch of {@link Conversion#toArgb}. */
    static final int BATCH_COLOURS = 1 << 16;

    /**
     * The distinct colours of one batch, as interleaved RGB bytes in order of first appearance,
     * with an open-addressing hash table (linear probing, at most half full) from colour to index.
     */
    private static final class DistinctColours {

        private static final int SLOTS = BATCH_COLOURS * 2;

        /** 24-bit colours, or -1 for an empty slot, which no colour can equal. */
        private final int[] keys = new int[SLOTS];
        private final int[] indexes = new int[SLOTS];
        final byte[] colours = new byte[BATCH_COLOURS * 3];
        int count;

        DistinctColours() {
            Arrays.fill(keys, -1);
        }

        /** Returns the colour's index, adding it when new, or -1 when the batch is full. */
        int indexOf(int colour) {
            int slot = colour * 0x9E3779B1 >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
            while (keys[slot] != -1) {
                if (keys[slot] == colour) {
                    return indexes[slot];
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
            if (count == BATCH_COLOURS) {
                return -1;
            }
            keys[slot] = colour;
            indexes[slot] = count;
            colours[count * 3] = (byte) (colour >> 16);
            colours[count * 3 + 1] = (byte) (colour >> 8);
            colours[count * 3 + 2] = (byte) colour;
            return count++;
        }

        void clear() {
            Arrays.fill(keys, -1);
            count = 0;
        }
    }
}
