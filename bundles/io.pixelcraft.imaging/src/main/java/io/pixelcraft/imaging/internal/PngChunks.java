package io.pixelcraft.imaging.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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
            String type = chunkType(data, position + 4);
            if (first && !"IHDR".equals(type)) {
                throw ImageRejectedException.invalid("PNG is invalid: the first chunk is " + type + ", not IHDR");
            }
            first = false;
            if (type.startsWith("0x")) {
                throw ImageRejectedException.invalid("PNG is corrupt: the chunk type at byte " + position + " is " + type
                        + ", not four ASCII letters");
            }
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
            if ("IHDR".equals(type)) {
                checkHeader(data, position + 8, chunkLength);
            }
            position += 12 + chunkLength;
            if ("IEND".equals(type)) {
                return position;
            }
        }
    }

    /**
     * Checks the IHDR fields against the PNG specification's rules (valid colour types, the bit
     * depths each allows, method numbers), because the JDK's reader rejects a wrong value only with
     * "I/O error reading PNG header!".
     */
    private static void checkHeader(ByteBuffer data, int offset, int length) throws ImageRejectedException {
        if (length != 13) {
            throw ImageRejectedException.invalid("PNG header is invalid: the IHDR chunk has " + length
                    + " bytes, not 13");
        }
        long width = Integer.toUnsignedLong(data.getInt(offset));
        long height = Integer.toUnsignedLong(data.getInt(offset + 4));
        int bitDepth = Byte.toUnsignedInt(data.get(offset + 8));
        int colourType = Byte.toUnsignedInt(data.get(offset + 9));
        int compression = Byte.toUnsignedInt(data.get(offset + 10));
        int filter = Byte.toUnsignedInt(data.get(offset + 11));
        int interlace = Byte.toUnsignedInt(data.get(offset + 12));

        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw ImageRejectedException.invalid("PNG header is invalid: the size " + width + " x " + height
                    + " is out of range; width and height must be 1 to 2147483647");
        }
        String allowedDepths = switch (colourType) {
            case 0 -> "1, 2, 4, 8, 16";
            case 3 -> "1, 2, 4, 8";
            case 2, 4, 6 -> "8, 16";
            default -> throw ImageRejectedException.invalid("PNG header is invalid: colour type " + colourType
                    + " does not exist; valid colour types are 0, 2, 3, 4 and 6");
        };
        if (!List.of(allowedDepths.split(", ")).contains(Integer.toString(bitDepth))) {
            throw ImageRejectedException.invalid("PNG header is invalid: bit depth " + bitDepth
                    + " is not allowed for colour type " + colourType + "; valid bit depths are " + allowedDepths);
        }
        if (compression != 0 || filter != 0) {
            throw ImageRejectedException.invalid("PNG header is invalid: compression method " + compression
                    + " and filter method " + filter + " are given, but only method 0 of each exists");
        }
        if (interlace > 1) {
            throw ImageRejectedException.invalid("PNG header is invalid: interlace method " + interlace
                    + " does not exist; valid methods are 0 (none) and 1 (Adam7)");
        }
    }

    /**
     * Returns a chunk type for a message: its four letters when they are ASCII letters, as the
     * specification requires, or else the four bytes in hexadecimal, for example 0xF4A8E100.
     */
    static String chunkType(ByteBuffer data, int offset) {
        StringBuilder letters = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int value = Byte.toUnsignedInt(data.get(offset + i));
            boolean letter = (value >= 'A' && value <= 'Z') || (value >= 'a' && value <= 'z');
            if (!letter) {
                return String.format(Locale.ROOT, "0x%08X", data.getInt(offset));
            }
            letters.append((char) value);
        }
        return letters.toString();
    }
}
