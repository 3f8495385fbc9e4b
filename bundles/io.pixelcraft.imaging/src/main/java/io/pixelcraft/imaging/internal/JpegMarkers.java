package io.pixelcraft.imaging.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/** Reads and rewrites JPEG marker segments (ITU T.81 annex B). */
final class JpegMarkers {

    private JpegMarkers() {
    }

    /**
     * Returns the JPEG without metadata segments and without bytes after the end-of-image
     * marker, or null when the segment structure cannot be followed. Dropped: APP1 (EXIF, with
     * camera serials and GPS positions, and XMP), APP3 to APP13 (among them IPTC) and COM. Kept:
     * APP0 (JFIF), APP2 (ICC profile), APP14 (Adobe colour transform) and every decoding segment.
     */
    static byte[] stripMetadata(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
            return null;
        }
        out.write(jpeg, 0, 2);
        int position = 2;
        while (position + 2 <= jpeg.length) {
            if ((jpeg[position] & 0xff) != 0xff) {
                // Extraneous bytes before a marker: libjpeg skips them with a warning, and so do we.
                position++;
                continue;
            }
            int marker = jpeg[position + 1] & 0xff;
            if (marker == 0xff) {
                position++;
                continue;
            }
            if (marker == 0xd9) {
                out.write(jpeg, position, 2);
                return out.toByteArray();
            }
            if (position + 4 > jpeg.length) {
                return null;
            }
            int length = (jpeg[position + 2] & 0xff) << 8 | jpeg[position + 3] & 0xff;
            int end = position + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return null;
            }
            boolean metadata = marker == 0xe1 || (marker >= 0xe3 && marker <= 0xed) || marker == 0xfe;
            if (!metadata) {
                out.write(jpeg, position, end - position);
            }
            position = end;
            if (marker == 0xda) {
                // Entropy-coded data runs to the next marker other than a stuffed 00 or a restart marker.
                int dataEnd = position;
                while (dataEnd + 1 < jpeg.length) {
                    int next = jpeg[dataEnd + 1] & 0xff;
                    if ((jpeg[dataEnd] & 0xff) == 0xff && next != 0x00 && (next < 0xd0 || next > 0xd7)) {
                        break;
                    }
                    dataEnd++;
                }
                if (dataEnd + 1 >= jpeg.length) {
                    return null;
                }
                out.write(jpeg, position, dataEnd - position);
                position = dataEnd;
            }
        }
        return null;
    }

    /** Returns the number of colour components in the first SOF segment, or 0 when none is found. */
    static int componentCount(ByteBuffer source) {
        ByteBuffer data = source.duplicate().order(ByteOrder.BIG_ENDIAN);
        int position = 2;
        try {
            while (position + 4 <= data.limit()) {
                if ((data.get(position) & 0xff) != 0xff) {
                    return 0;
                }
                int marker = data.get(position + 1) & 0xff;
                if (marker == 0xff) {
                    position++;
                    continue;
                }
                // ITU T.81 table B.1: C0 to CF are frame headers, except DHT (C4), JPG (C8) and DAC (CC).
                boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
                if (startOfFrame) {
                    return data.get(position + 9) & 0xff;
                }
                if (marker == 0xda || marker == 0xd9) {
                    return 0;
                }
                position += 2 + Short.toUnsignedInt(data.getShort(position + 2));
            }
        } catch (IndexOutOfBoundsException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Returns the ICC profile of a baseline or progressive 8-bit YCbCr JPEG, reassembled from its
     * APP2 chunks, or null when the file is not such a JPEG, has no profile, or its chunks are
     * inconsistent (missing, repeated or wrongly counted). Those files keep the reader's own
     * handling, which warns and ignores the profile.
     *
     * <p>YCbCr is decided as TwelveMonkeys 3.13.1 and libjpeg decide it for three components: a
     * JFIF segment, an Adobe APP14 segment with transform 1, or neither segment and component ids
     * 1, 2 and 3.
     */
    static byte[] ycbcrIccProfile(ByteBuffer source) {
        ByteBuffer data = source.duplicate().order(ByteOrder.BIG_ENDIAN);
        boolean jfif = false;
        int adobeTransform = -1;
        TreeMap<Integer, byte[]> chunks = new TreeMap<>();
        int declaredChunks = -1;
        int position = 2;
        try {
            while (position + 4 <= data.limit()) {
                if ((data.get(position) & 0xff) != 0xff) {
                    return null;
                }
                int marker = data.get(position + 1) & 0xff;
                if (marker == 0xff) {
                    position++;
                    continue;
                }
                int length = Short.toUnsignedInt(data.getShort(position + 2));
                int body = position + 4;
                if (length < 2 || position + 2 + length > data.limit()) {
                    return null;
                }
                if (marker == 0xe0 && startsWith(data, body, length - 2, "JFIF\0")) {
                    jfif = true;
                } else if (marker == 0xee && length - 2 >= 12 && startsWith(data, body, length - 2, "Adobe")) {
                    adobeTransform = data.get(body + 11) & 0xff;
                } else if (marker == 0xe2 && length - 2 > 14 && startsWith(data, body, length - 2, "ICC_PROFILE\0")) {
                    int sequence = data.get(body + 12) & 0xff;
                    int count = data.get(body + 13) & 0xff;
                    if (declaredChunks != -1 && count != declaredChunks || chunks.containsKey(sequence)) {
                        return null;
                    }
                    declaredChunks = count;
                    byte[] chunk = new byte[length - 2 - 14];
                    data.get(body + 14, chunk);
                    chunks.put(sequence, chunk);
                } else if (isStartOfFrame(marker)) {
                    // Lossless (C3) and 12-bit frames take other decoder paths, so they are left alone.
                    boolean eightBitDct = marker != 0xc3 && (data.get(body) & 0xff) == 8;
                    int components = data.get(body + 5) & 0xff;
                    if (!eightBitDct || components != 3 || chunks.isEmpty()) {
                        return null;
                    }
                    boolean defaultIds = data.get(body + 6) == 1 && data.get(body + 9) == 2 && data.get(body + 12) == 3;
                    boolean ycbcr = jfif || adobeTransform == 1 || adobeTransform == -1 && defaultIds;
                    if (!ycbcr || chunks.size() != declaredChunks || chunks.firstKey() != 1
                            || chunks.lastKey() != declaredChunks) {
                        return null;
                    }
                    return concatenate(chunks);
                } else if (marker == 0xda || marker == 0xd9) {
                    return null;
                }
                position += 2 + length;
            }
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
        return null;
    }

    // ITU T.81 table B.1: C0 to CF are frame headers, except DHT (C4), JPG (C8) and DAC (CC).
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    private static boolean startsWith(ByteBuffer data, int offset, int available, String prefix) {
        byte[] expected = prefix.getBytes(StandardCharsets.ISO_8859_1);
        if (available < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data.get(offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concatenate(TreeMap<Integer, byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks.values()) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }
}
