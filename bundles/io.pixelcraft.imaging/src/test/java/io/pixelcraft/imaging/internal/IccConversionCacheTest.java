package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class IccConversionCacheTest {

    /** Returns the JDK's built-in linear RGB profile, an RGB profile that is not sRGB. */
    private static byte[] linearRgb() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    }

    /** Returns a valid variant of that profile, changed in the reserved header bytes 100 to 127. */
    private static byte[] variant(int number) {
        byte[] profile = linearRgb();
        profile[120] = (byte) number;
        return profile;
    }

    @Test
    void sameBytesShareConversion() {
        IccConversionCache cache = new IccConversionCache(4);

        IccConversionCache.Conversion first = cache.forProfile(linearRgb()).orElseThrow();
        IccConversionCache.Conversion second = cache.forProfile(linearRgb()).orElseThrow();
        IccConversionCache.Conversion other = cache.forProfile(variant(1)).orElseThrow();

        assertThat(second).as("conversion for an equal copy of the bytes").isSameAs(first);
        assertThat(other).as("conversion for different bytes").isNotSameAs(first);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void sizeStaysWithinCapacity() {
        IccConversionCache cache = new IccConversionCache(2);

        cache.forProfile(variant(1));
        cache.forProfile(variant(2));
        cache.forProfile(variant(1));
        cache.forProfile(variant(3));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.contains(variant(1))).as("recently used profile kept").isTrue();
        assertThat(cache.contains(variant(2))).as("least recently used profile evicted").isFalse();
        assertThat(cache.contains(variant(3))).as("newest profile kept").isTrue();
    }

    @Test
    void srgbAndNonRgbProfilesHaveNoConversion() {
        IccConversionCache cache = new IccConversionCache(4);

        assertThat(cache.forProfile(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData())).as("sRGB").isEmpty();
        assertThat(cache.forProfile(ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData())).as("grey").isEmpty();
        assertThat(cache.forProfile(new byte[] {1, 2, 3})).as("not a profile").isEmpty();
        assertThat(cache.size()).as("answers cached").isEqualTo(3);
    }

    @Test
    void manyColoursMatchDirectConversion() {
        // More distinct colours than one batch holds, so the batches are flushed and restarted.
        int width = 1000;
        int height = 3 * IccConversionCache.BATCH_COLOURS / width;
        WritableRaster rgb = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 3, null);
        byte[] samples = ((DataBufferByte) rgb.getDataBuffer()).getData();
        for (int i = 0; i < width * height; i++) {
            int colour = (i * 7919) & 0xffffff;
            samples[i * 3] = (byte) (colour >> 16);
            samples[i * 3 + 1] = (byte) (colour >> 8);
            samples[i * 3 + 2] = (byte) colour;
        }
        WritableRaster expected = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 3, null);
        new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
                .filter(rgb, expected);

        BufferedImage actual = new IccConversionCache(1).forProfile(linearRgb()).orElseThrow().toArgb(rgb);

        byte[] want = ((DataBufferByte) expected.getDataBuffer()).getData();
        int mismatches = 0;
        for (int i = 0; i < width * height; i++) {
            int wantArgb = 0xff000000 | (want[i * 3] & 0xff) << 16 | (want[i * 3 + 1] & 0xff) << 8 | want[i * 3 + 2] & 0xff;
            if (actual.getRGB(i % width, i / width) != wantArgb) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("pixels differing from a direct ColorConvertOp").isZero();
    }
}
