package io.pixelcraft.imaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns an uploaded byte stream into the bytes to store. It enforces the size limit while copying
 * to a temporary file and decides the format from the bytes. It decodes the file to prove it is a
 * complete image, and re-encodes only files that browsers would not show upright or correctly.
 *
 * <p>Files stored as uploaded: PNG (cut after IEND), GIF, WebP, and RGB or grey JPEG whose EXIF
 * orientation is 1 (without metadata segments and trailing bytes). Re-encoded: TIFF and BMP
 * (PNG), CMYK and YCCK JPEG (JPEG), and every file with an orientation other than 1 (JPEG when
 * opaque, PNG with alpha), so the stored pixels and the reported size are upright.
 */
final class Ingest {

    /** Long edge of the subsampled decode that validates stored-as-is files; also the largest preview. */
    static final int VALIDATION_EDGE = 1024;

    private final long maxBytes;
    private final MediaTypeDetector detector;
    private final ImageDecoder decoder;

    Ingest(long maxBytes, MediaTypeDetector detector, ImageDecoder decoder) {
        this.maxBytes = maxBytes;
        this.detector = detector;
        this.decoder = decoder;
    }

    /**
     * The bytes to store and what the decode found.
     *
     * @param bytes   the encoded image to store
     * @param format  the format of {@code bytes}
     * @param sha256  lower-case hex SHA-256 of {@code bytes}
     * @param decoded the decode, with pixels subsampled to at most about twice {@link #VALIDATION_EDGE}
     */
    record Prepared(byte[] bytes, ImageFormat format, String sha256, ImageDecoder.Decoded decoded) {
    }

    /**
     * Copies the stream to {@code tempFile}, enforcing the size limit.
     *
     * @throws ImageRejectedException 413 when the stream is longer than the limit
     */
    void receive(InputStream body, Path tempFile) throws IOException, ImageRejectedException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(tempFile)) {
            int read;
            while ((read = body.read(buffer)) >= 0) {
                total += read;
                if (total > maxBytes) {
                    throw ImageRejectedException.tooLarge(String.format(Locale.ROOT,
                            "The upload is larger than the limit of %d bytes (%.1f MB)", maxBytes, maxBytes / 1e6));
                }
                out.write(buffer, 0, read);
            }
        }
    }

    /**
     * Validates the received file and prepares the bytes to store.
     *
     * @throws ImageRejectedException 413, 415 or 422 naming what is wrong
     */
    Prepared prepare(Path file) throws IOException, ImageRejectedException, MemoryBudget.BusyException {
        ImageFormat format = detector.detect(file);
        byte[] original = Files.readAllBytes(file);
        ByteBuffer data = ByteBuffer.wrap(original);
        int orientation = ExifOrientation.read(format, data);
        boolean cmyk = format == ImageFormat.JPEG && JpegMarkers.componentCount(data) == 4;
        boolean reencode = format == ImageFormat.TIFF || format == ImageFormat.BMP || cmyk
                || orientation != ExifOrientation.UPRIGHT;

        if (!reencode) {
            ImageDecoder.Decoded decoded = decoder.decode(file, format, VALIDATION_EDGE);
            byte[] stored = original;
            if (format == ImageFormat.JPEG) {
                // Drops EXIF (GPS positions, camera serials) and anything after the end of the image.
                byte[] stripped = JpegMarkers.stripMetadata(original);
                if (stripped != null) {
                    stored = stripped;
                }
            }
            if (format == ImageFormat.PNG) {
                // Bytes after IEND are not part of the image (and a classic polyglot trick), so they are dropped.
                int end = PngChunks.validate(data);
                if (end < original.length) {
                    stored = java.util.Arrays.copyOf(original, end);
                }
            }
            return new Prepared(stored, format, sha256(stored), decoded);
        }

        ImageDecoder.Decoded decoded = decoder.decode(file, format, 0);
        boolean lossless = format != ImageFormat.JPEG && format != ImageFormat.WEBP;
        Encoder.Encoded encoded = decoded.hasAlpha() || lossless
                ? Encoder.png(decoded.pixels())
                : Encoder.jpeg(decoded.pixels());
        ImageDecoder.Decoded preview = new ImageDecoder.Decoded(Scaler.fitWithin(decoded.pixels(), 2 * VALIDATION_EDGE),
                encoded.format(), decoded.width(), decoded.height(), ExifOrientation.UPRIGHT, decoded.hasAlpha(),
                decoded.warnings());
        return new Prepared(encoded.bytes(), encoded.format(), sha256(encoded.bytes()), preview);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    /** Returns a file name safe to show and store: no path, no control characters, at most 255 characters. */
    static String sanitiseName(String name) {
        if (name == null) {
            return null;
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints()
                .filter(c -> !Character.isISOControl(c) && c != '"' && c != '<' && c != '>')
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        while (result.startsWith(".")) {
            result = result.substring(1);
        }
        if (result.length() > 255) {
            result = result.substring(0, 255);
        }
        return result.isEmpty() ? null : result;
    }
}
