package io.pixelcraft.imaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;

/**
 * Decides an upload's format from its bytes with Tika's magic detector.
 *
 * <p>Only the bytes go to Tika, never the file name or the client's Content-Type: when no magic
 * matches, Tika 4.2 falls back to the name, so zero bytes named {@code photo.jpg} would come out as
 * {@code image/jpeg}.
 */
final class MediaTypeDetector {

    /** Tika's magic patterns all sit within the first few KiB; 64 KiB leaves room for long headers. */
    private static final int HEAD_BYTES = 64 * 1024;

    private final MimeTypes mimeTypes;

    MediaTypeDetector() {
        // Tika's own class loader finds its tika-mimetypes.xml inside OSGi as well.
        this.mimeTypes = MimeTypes.getDefaultMimeTypes(MimeTypes.class.getClassLoader());
    }

    /**
     * Returns the file's image format.
     *
     * @throws ImageRejectedException 422 for an empty file or a PNG with a damaged signature,
     *         415 when the bytes are not one of the accepted image formats (SVG and HTML included)
     */
    ImageFormat detect(Path file) throws IOException, ImageRejectedException {
        byte[] head = readHead(file);
        if (head.length == 0) {
            throw ImageRejectedException.invalid("The file is empty (0 bytes)");
        }
        String mediaType = detect(head);
        var format = ImageFormat.fromMediaType(mediaType);
        if (format.isPresent()) {
            return format.get();
        }
        if (PngChunks.looksLikeDamagedPng(head)) {
            throw ImageRejectedException.invalid("The PNG signature is damaged, as happens when a file is "
                    + "transferred in text mode; upload the original file");
        }
        throw ImageRejectedException.unsupported("The file content is " + mediaType
                + ", which is not an accepted image format: use PNG, JPEG, GIF, WebP, TIFF or BMP");
    }

    /** Returns Tika's media type for the bytes, without parameters. */
    String detect(byte[] head) throws IOException {
        try (TikaInputStream stream = TikaInputStream.get(head)) {
            MediaType type = mimeTypes.detect(stream, new Metadata(), new ParseContext());
            return type.getBaseType().toString();
        }
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD_BYTES);
        }
    }
}
