package io.pixelcraft.imaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {

    @TempDir
    Path temp;

    private final Ingest ingest = new Ingest(1_000_000, new MediaTypeDetector(), Corpus.decoder());

    private Ingest.Prepared prepare(byte[] bytes) throws Exception {
        Path file = temp.resolve("upload");
        ingest.receive(new ByteArrayInputStream(bytes), file);
        return ingest.prepare(file);
    }

    private static int statusOf(ThrowingRunnable action) {
        try {
            action.run();
        } catch (ImageRejectedException e) {
            return e.status();
        } catch (Exception e) {
            throw new AssertionError("Expected a rejection, got " + e, e);
        }
        throw new AssertionError("Expected a rejection, the upload was accepted");
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static byte[] png(int width, int height, boolean alpha) throws Exception {
        BufferedImage image = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, alpha ? 0x00000000 : 0xff102030);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void pngPolyglotLosesTrailingScript() throws Exception {
        byte[] image = png(4, 3, false);
        byte[] script = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
        byte[] polyglot = Arrays.copyOf(image, image.length + script.length);
        System.arraycopy(script, 0, polyglot, image.length, script.length);

        Ingest.Prepared prepared = prepare(polyglot);

        assertThat(prepared.bytes()).isEqualTo(image);
        assertThat(prepared.sha256()).isEqualTo(Ingest.sha256(image));
        assertThat(prepared.format()).isEqualTo(ImageFormat.PNG);
        assertThat(prepared.decoded().width()).isEqualTo(4);
        assertThat(prepared.decoded().height()).isEqualTo(3);
    }

    @Test
    void svgAndHtmlRejectedAs415() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.domain)\"/>"
                .getBytes(StandardCharsets.UTF_8);
        byte[] html = "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(statusOf(() -> prepare(svg))).isEqualTo(415);
        assertThat(statusOf(() -> prepare(html))).isEqualTo(415);
    }

    @Test
    void emptyAndZeroFilledRejected() {
        assertThat(statusOf(() -> prepare(new byte[0]))).isEqualTo(422);
        assertThat(statusOf(() -> prepare(new byte[64]))).isEqualTo(415);
    }

    @Test
    void uploadAboveLimitRejectedAs413() {
        assertThat(statusOf(() -> prepare(new byte[1_000_001]))).isEqualTo(413);
    }

    @Test
    void gifBombRejectedFromHeader() {
        // A 35-byte GIF declaring 65535 x 8191 pixels (536 megapixels).
        byte[] bomb = Base64.getDecoder().decode("R0lGODn//x8fgAAAACH5BAAAAAAALAAAAAB//x8fAAA=");
        // Its signature reads "GIF89" then 0xff, so Tika finds no GIF; with the 'a' in place the header check decides.
        byte[] repaired = bomb.clone();
        repaired[5] = 'a';

        assertThat(statusOf(() -> prepare(bomb))).isEqualTo(415);
        assertThat(statusOf(() -> prepare(repaired))).isEqualTo(413);
    }

    @Test
    void largePngRejectedAbovePixelLimit() throws Exception {
        Ingest small = new Ingest(1_000_000, new MediaTypeDetector(),
                new ImageDecoder(10_000, 15_000, new MemoryBudget(1L << 30), Corpus.WATCHDOG));
        byte[] image = png(200, 100, false);
        Path file = temp.resolve("big");
        Files.write(file, image);

        assertThat(statusOf(() -> small.prepare(file))).isEqualTo(413);
    }

    @Test
    void truncatedLargeJpegRejectedWhenSubsampled() throws Exception {
        BufferedImage image = new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2000; y++) {
            for (int x = 0; x < 3000; x++) {
                image.setRGB(x, y, (x * 7 ^ y * 13) & 0xffffff);
            }
        }
        byte[] jpeg = Encoder.jpeg(image).bytes();
        Ingest large = new Ingest(100_000_000, new MediaTypeDetector(), Corpus.decoder());
        Path file = temp.resolve("cut.jpg");
        Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));

        assertThat(statusOf(() -> large.prepare(file))).isEqualTo(422);
    }

    @Test
    void slowDecodeDeferredAtTimeLimit() throws Exception {
        Path file = slowPng();
        ImageDecoder hasty = new ImageDecoder(100_000_000, 1, new MemoryBudget(1L << 30), Corpus.WATCHDOG);

        MemoryBudget.BusyException deferred = org.junit.jupiter.api.Assertions.assertThrows(MemoryBudget.BusyException.class,
                () -> hasty.decode(file, ImageFormat.PNG, 0));

        assertThat(deferred.getMessage()).contains("took longer than 1 ms").contains("retry");
    }

    @Test
    void decodeDeferredWhileSlotsBusy() throws Exception {
        DecodeSlots slots = new DecodeSlots(1, 50);
        ImageDecoder decoder = new ImageDecoder(100_000_000, 15_000, new MemoryBudget(1L << 30), Corpus.WATCHDOG, slots);
        Path file = temp.resolve("small.png");
        Files.write(file, png(20, 10, false));

        try (DecodeSlots.Slot held = slots.acquire()) {
            assertThatThrownBy(() -> decoder.decode(file, ImageFormat.PNG, 0))
                    .isInstanceOf(MemoryBudget.BusyException.class)
                    .hasMessageContaining("retry");
        }
        assertThat(decoder.decode(file, ImageFormat.PNG, 0).width()).isEqualTo(20);
    }

    /** Writes a 3000 x 2000 PNG of noise, which takes far longer than 1 ms to decode. */
    private Path slowPng() throws Exception {
        BufferedImage image = new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2000; y++) {
            for (int x = 0; x < 3000; x++) {
                image.setRGB(x, y, (x * 31 ^ y * 17) & 0xffffff);
            }
        }
        Path file = temp.resolve("slow.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void rotatedJpegStoredUpright() throws Exception {
        Path corpus = Corpus.directory().orElse(null);
        assumeTrue(corpus != null, "Image corpus ../shared/corpus not found; skipping");

        Ingest.Prepared prepared = prepare(Files.readAllBytes(corpus.resolve("Pillow/orientation_rectangle.jpg")));

        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(prepared.bytes()));
        assertThat(stored.getWidth()).isEqualTo(1);
        assertThat(stored.getHeight()).isEqualTo(2);
        assertThat(prepared.decoded().width()).isEqualTo(1);
        assertThat(prepared.decoded().height()).isEqualTo(2);
        assertThat(ExifOrientation.read(prepared.format(), java.nio.ByteBuffer.wrap(prepared.bytes())))
                .isEqualTo(ExifOrientation.UPRIGHT);
    }

    @Test
    void namesSanitised() {
        assertThat(Ingest.sanitiseName("../../../etc/passwd")).isEqualTo("passwd");
        assertThat(Ingest.sanitiseName("..\\..\\evil.png")).isEqualTo("evil.png");
        assertThat(Ingest.sanitiseName("x.png\u0000.svg")).isEqualTo("x.png.svg");
        assertThat(Ingest.sanitiseName("..")).isNull();
        assertThat(Ingest.sanitiseName("a".repeat(300))).hasSize(255);
    }
}
