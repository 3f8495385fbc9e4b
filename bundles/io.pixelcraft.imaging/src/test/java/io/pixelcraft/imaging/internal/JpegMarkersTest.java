package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegMarkersTest {

    @TempDir
    Path temp;

    private final ImageDecoder decoder = Corpus.decoder();

    @Test
    void strippedCorpusJpegsKeepPixels() throws Exception {
        Path corpus = Corpus.directory().orElse(null);
        assumeTrue(corpus != null, "Image corpus ../shared/corpus not found; skipping");
        List<Path> jpegs;
        try (Stream<Path> files = Files.walk(corpus)) {
            jpegs = files.filter(path -> path.toString().endsWith(".jpg")).sorted().toList();
        }
        int checked = 0;
        for (Path file : jpegs) {
            BufferedImage original;
            try {
                original = decoder.decode(file, ImageFormat.JPEG, 0).pixels();
            } catch (ImageRejectedException e) {
                continue;
            }
            byte[] stripped = JpegMarkers.stripMetadata(Files.readAllBytes(file));
            assertThat(stripped).as("stripped %s", file.getFileName()).isNotNull();
            assertThat(hasSegment(stripped, 0xe1)).as("APP1 left in %s", file.getFileName()).isFalse();

            Path copy = temp.resolve("stripped.jpg");
            Files.write(copy, stripped);
            BufferedImage after = decoder.decode(copy, ImageFormat.JPEG, 0).pixels();
            // Orientation lives in the dropped EXIF, so compare files that are stored as-is only.
            if (ExifOrientation.read(ImageFormat.JPEG, ByteBuffer.wrap(Files.readAllBytes(file))) == ExifOrientation.UPRIGHT) {
                assertThat(PixelConverter.argbData(after)).as("pixels of %s", file.getFileName())
                        .isEqualTo(PixelConverter.argbData(original));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void trailingScriptDropped() throws Exception {
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_ARGB);
        byte[] jpeg = Encoder.jpeg(image).bytes();
        byte[] script = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
        byte[] polyglot = Arrays.copyOf(jpeg, jpeg.length + script.length);
        System.arraycopy(script, 0, polyglot, jpeg.length, script.length);

        assertThat(JpegMarkers.stripMetadata(polyglot)).isEqualTo(jpeg);
    }

    @Test
    void truncatedJpegNotRewritten() throws Exception {
        byte[] jpeg = Encoder.jpeg(new BufferedImage(16, 8, BufferedImage.TYPE_INT_ARGB)).bytes();

        assertThat(JpegMarkers.stripMetadata(Arrays.copyOf(jpeg, jpeg.length - 10))).isNull();
        assertThat(JpegMarkers.stripMetadata(new byte[] {1, 2, 3})).isNull();
    }

    /** Returns whether a marker segment appears before the first scan. */
    private static boolean hasSegment(byte[] jpeg, int expectedMarker) {
        int position = 2;
        while (position + 4 <= jpeg.length) {
            int marker = jpeg[position + 1] & 0xff;
            if (marker == expectedMarker) {
                return true;
            }
            if (marker == 0xda) {
                return false;
            }
            position += 2 + ((jpeg[position + 2] & 0xff) << 8 | jpeg[position + 3] & 0xff);
        }
        return false;
    }
}
