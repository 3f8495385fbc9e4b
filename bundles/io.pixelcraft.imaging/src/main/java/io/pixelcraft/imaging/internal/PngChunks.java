package io.pixelcraft.imaging.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Checks the chunk structure of a PNG before decoding, because the JDK's PNG reader ignores CRC
 * errors and reports truncation only as a vague metadata error.
 */
final class PngChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngChunks() {
    }

    /** Returns whether the bytes start with the PNG signature. */
    static boolean hasSignature(byte[] head) {
        if (head.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether the bytes look like a PNG whose signature was damaged, for example by a
     * text-mode transfer that turned CR LF into LF: the IHDR chunk type sits near offset 12.
     */
    static boolean looksLikeDamagedPng(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 24), StandardCharsets.ISO_8859_1);
        int ihdr = start.indexOf("IHDR");
        return ihdr >= 10 && ihdr <= 14 && !hasSignature(head);
    }

    /**
     * Validates every chunk's length and the CRC of critical chunks, and requires IEND. A wrong CRC
     * in an ancillary chunk is ignored, as the PNG specification allows.
     *
     * @return the offset just past the IEND chunk; bytes after it are not part of the image
     * @throws ImageRejectedException 422 naming the damaged or missing chunk
     */
    static int validate(ByteBuffer data) throws ImageRejectedException {
        int position = SIGNATURE.length;
        int limit = data.limit();
        CRC32 crc = new CRC32();
        boolean first = true;
        while (true) {
            if (limit - position < 12) {
                throw ImageRejectedException.invalid("PNG is truncated: the file ends at byte " + limit
                        + " before the IEND chunk");
            }
            long length = Integer.toUnsignedLong(data.getInt(position));
            String type = new String(new byte[] {data.get(position + 4), data.get(position + 5),
                    data.get(position + 6), data.get(position + 7)}, StandardCharsets.ISO_8859_1);
            if (first && !"IHDR".equals(type)) {
                throw ImageRejectedException.invalid("PNG is invalid: the first chunk is '" + type + "', not IHDR");
            }
            first = false;
            if (length > limit - position - 12L) {
                throw ImageRejectedException.invalid("PNG is truncated: chunk " + type + " at byte " + position
                        + " declares " + length + " bytes but the file ends first");
            }
            int chunkLength = (int) length;
            crc.reset();
            ByteBuffer typeAndData = data.duplicate().position(position + 4).limit(position + 8 + chunkLength);
            crc.update(typeAndData);
            long expected = Integer.toUnsignedLong(data.getInt(position + 8 + chunkLength));
            boolean critical = Character.isUpperCase(type.charAt(0));
            if (critical && crc.getValue() != expected) {
                throw ImageRejectedException.invalid("PNG is corrupt: chunk " + type + " at byte " + position
                        + " has a wrong CRC");
            }
            position += 12 + chunkLength;
            if ("IEND".equals(type)) {
                return position;
            }
        }
    }
}
