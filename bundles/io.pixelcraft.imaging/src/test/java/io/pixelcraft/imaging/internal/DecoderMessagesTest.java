package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejection messages for damaged headers: each names the invalid field, not the decoder's internals. */
class DecoderMessagesTest {

    /** Offset of the IHDR data in a PNG: signature (8), chunk length (4) and type (4). */
    private static final int IHDR_DATA = 16;

    @TempDir
    Path temp;

    private final ImageDecoder decoder = Corpus.decoder();

    private static byte[] encode(String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB), format, out)).isTrue();
        return out.toByteArray();
    }

    /** Sets one IHDR byte and rewrites the chunk's CRC, so only the field is wrong. */
    private static byte[] pngWithHeaderByte(int index, int value) throws IOException {
        byte[] png = encode("png");
        png[IHDR_DATA + index] = (byte) value;
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        ByteBuffer.wrap(png).putInt(IHDR_DATA + 13, (int) crc.getValue());
        return png;
    }

    private String rejection(byte[] bytes, ImageFormat format) throws IOException {
        Path file = Files.write(temp.resolve("upload"), bytes);
        ImageRejectedException[] caught = new ImageRejectedException[1];
        assertThatThrownBy(() -> decoder.decode(file, format, 0))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> caught[0] = e);
        assertThat(caught[0].status()).isEqualTo(422);
        return caught[0].getMessage();
    }

    @Test
    void pngBitDepthNamed() throws IOException {
        String message = rejection(pngWithHeaderByte(8, 3), ImageFormat.PNG);

        assertThat(message).isEqualTo("PNG header is invalid: bit depth 3 is not allowed for colour type 2;"
                + " valid bit depths are 8, 16");
    }

    @Test
    void pngColourTypeNamed() throws IOException {
        String message = rejection(pngWithHeaderByte(9, 1), ImageFormat.PNG);

        assertThat(message).startsWith("PNG header is invalid: colour type 1 does not exist");
    }

    @Test
    void pngInterlaceMethodNamed() throws IOException {
        assertThat(rejection(pngWithHeaderByte(12, 7), ImageFormat.PNG)).contains("interlace method 7");
    }

    @Test
    void pngChunkTypeShownInHex() throws IOException {
        byte[] png = Arrays.copyOf(encode("png"), 80);
        byte[] noise = new byte[72];
        new Random(7).nextBytes(noise);
        noise[4] = (byte) 0xF4;
        System.arraycopy(noise, 0, png, 8, noise.length);

        String message = rejection(png, ImageFormat.PNG);

        assertThat(message).matches("PNG is (invalid|truncated).*");
        assertThat(message).doesNotContain("\u00f4");
    }

    @Test
    void pngFirstChunkTypeInHex() throws IOException {
        byte[] png = encode("png");
        png[12] = (byte) 0xF4;

        assertThat(rejection(png, ImageFormat.PNG)).startsWith("PNG is invalid: the first chunk is 0xF4");
    }

    @Test
    void chunkTypeLettersKept() {
        assertThat(PngChunks.chunkType(ByteBuffer.wrap("IHDR".getBytes()), 0)).isEqualTo("IHDR");
        assertThat(PngChunks.chunkType(ByteBuffer.wrap(new byte[] {(byte) 0xF4, (byte) 0xA8, (byte) 0xE1, 0}), 0))
                .isEqualTo("0xF4A8E100");
    }

    @Test
    void truncatedTiffSaysTruncated() throws IOException {
        byte[] tiff = Arrays.copyOf(encode("tiff"), 40);

        String message = rejection(tiff, ImageFormat.TIFF);

        assertThat(message).contains("truncated");
        assertThat(message).doesNotContain("numImages");
    }

    @Test
    void bmpMinimumHeightOutOfRange() throws IOException {
        byte[] bmp = encode("bmp");
        // BITMAPINFOHEADER height, little-endian, at offset 22.
        ByteBuffer.wrap(bmp).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(22, Integer.MIN_VALUE);

        String message = rejection(bmp, ImageFormat.BMP);

        assertThat(message).contains("-2147483648").contains("out of range");
        assertThat(message).doesNotContain("empty");
    }

    @Test
    void corpusPngHeadersNamed() throws IOException {
        Optional<Path> corpus = Corpus.directory();
        assumeTrue(corpus.isPresent(), "The image corpus ../shared/corpus next to the repository is absent");
        Map<String, String> expected = Map.of(
                "pngsuite/png/xd0n2c08.png", "bit depth 0",
                "pngsuite/png/xd3n2c08.png", "bit depth 3",
                "pngsuite/png/xc1n0g08.png", "colour type 1");
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            byte[] bytes = Files.readAllBytes(corpus.get().resolve(entry.getKey()));

            assertThat(rejection(bytes, ImageFormat.PNG)).as(entry.getKey()).contains(entry.getValue());
        }
    }
}
