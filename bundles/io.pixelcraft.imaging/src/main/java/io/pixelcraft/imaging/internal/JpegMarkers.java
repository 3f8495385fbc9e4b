package io.pixelcraft.imaging.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads the colour component count from a JPEG frame header, to spot CMYK and YCCK files. */
final class JpegMarkers {

    private JpegMarkers() {
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
