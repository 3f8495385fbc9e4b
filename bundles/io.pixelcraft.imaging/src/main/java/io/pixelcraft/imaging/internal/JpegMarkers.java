package io.pixelcraft.imaging.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
}
