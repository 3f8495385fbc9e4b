package io.pixelcraft.imaging.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the EXIF Orientation tag (0x0112), because neither the JDK's ImageIO nor TwelveMonkeys
 * 3.13 applies it. Values 2 to 8 follow the TIFF 6.0 definition; 0, 1, absent or unreadable
 * metadata all mean "already upright".
 *
 * <p>PNG eXIf orientation is deliberately not read: browsers differ on it, and the editor shows
 * PNG pixels as stored, like most browsers do for an {@code <img>}.
 */
final class ExifOrientation {

    static final int UPRIGHT = 1;

    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    /** Returns the orientation of a JPEG, WebP or TIFF file, or {@link #UPRIGHT}. */
    static int read(ImageFormat format, ByteBuffer data) {
        try {
            return switch (format) {
                case JPEG -> fromJpeg(data);
                case WEBP -> fromWebp(data);
                case TIFF -> fromTiff(data, 0);
                default -> UPRIGHT;
            };
        } catch (IndexOutOfBoundsException e) {
            // Truncated or hex-edited metadata: the pixels may still be fine, so keep them upright as stored.
            return UPRIGHT;
        }
    }

    /** Returns whether the orientation swaps width and height (values 5 to 8). */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    private static int fromJpeg(ByteBuffer source) {
        ByteBuffer data = source.duplicate().order(ByteOrder.BIG_ENDIAN);
        int position = 2;
        while (position + 4 <= data.limit()) {
            if ((data.get(position) & 0xff) != 0xff) {
                return UPRIGHT;
            }
            int marker = data.get(position + 1) & 0xff;
            if (marker == 0xff) {
                // Fill byte before a marker.
                position++;
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                // Start of scan or end of image: metadata segments come before it.
                return UPRIGHT;
            }
            int length = Short.toUnsignedInt(data.getShort(position + 2));
            int payload = position + 4;
            if (marker == 0xe1 && length >= 8 && startsWith(data, payload, "Exif\0\0")) {
                int orientation = fromTiff(data.duplicate().limit(Math.min(data.limit(), position + 2 + length)), payload + 6);
                if (orientation != UPRIGHT) {
                    return orientation;
                }
            }
            position += 2 + length;
        }
        return UPRIGHT;
    }

    private static int fromWebp(ByteBuffer source) {
        ByteBuffer data = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (!startsWith(data, 0, "RIFF") || !startsWith(data, 8, "WEBP")) {
            return UPRIGHT;
        }
        int position = 12;
        while (position + 8 <= data.limit()) {
            int size = data.getInt(position + 4);
            if (size < 0) {
                return UPRIGHT;
            }
            if (startsWith(data, position, "EXIF")) {
                int start = position + 8;
                // Some writers keep the JPEG "Exif\0\0" prefix inside the WebP chunk.
                if (startsWith(data, start, "Exif\0\0")) {
                    start += 6;
                }
                return fromTiff(data.duplicate().limit(Math.min(data.limit(), position + 8 + size)), start);
            }
            position += 8 + size + (size & 1);
        }
        return UPRIGHT;
    }

    /** Reads the tag from IFD0 of the TIFF structure that starts at {@code start}. */
    private static int fromTiff(ByteBuffer source, int start) {
        ByteBuffer data = source.duplicate();
        if (startsWith(data, start, "II")) {
            data.order(ByteOrder.LITTLE_ENDIAN);
        } else if (startsWith(data, start, "MM")) {
            data.order(ByteOrder.BIG_ENDIAN);
        } else {
            return UPRIGHT;
        }
        if (Short.toUnsignedInt(data.getShort(start + 2)) != 42) {
            return UPRIGHT;
        }
        long ifd = Integer.toUnsignedLong(data.getInt(start + 4));
        if (ifd > data.limit() - start - 2L) {
            return UPRIGHT;
        }
        int ifdStart = start + (int) ifd;
        int entries = Short.toUnsignedInt(data.getShort(ifdStart));
        for (int i = 0; i < entries; i++) {
            int entry = ifdStart + 2 + i * 12;
            if (Short.toUnsignedInt(data.getShort(entry)) == ORIENTATION_TAG) {
                int value = Short.toUnsignedInt(data.getShort(entry + 8));
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    private static boolean startsWith(ByteBuffer data, int position, String text) {
        byte[] expected = text.getBytes(StandardCharsets.ISO_8859_1);
        if (position < 0 || position + expected.length > data.limit()) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data.get(position + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
