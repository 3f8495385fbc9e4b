package io.pixelcraft.imaging.internal;

import java.awt.image.BufferedImage;

/** Applies an EXIF orientation (TIFF 6.0 values 1 to 8) to {@code TYPE_INT_ARGB} pixels. */
final class Orientation {

    private Orientation() {
    }

    /**
     * Returns the upright image; the source itself when the orientation is 1 or unknown.
     *
     * @param source a {@code TYPE_INT_ARGB} image as {@link PixelConverter} returns it
     */
    static BufferedImage apply(BufferedImage source, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return source;
        }
        int width = source.getWidth();
        int height = source.getHeight();
        boolean swap = ExifOrientation.swapsAxes(orientation);
        int targetWidth = swap ? height : width;
        int targetHeight = swap ? width : height;
        int[] from = PixelConverter.argbData(source);
        BufferedImage target = new BufferedImage(targetWidth, targetHeight, BufferedImage.TYPE_INT_ARGB);
        int[] to = PixelConverter.argbData(target);
        for (int y = 0; y < targetHeight; y++) {
            for (int x = 0; x < targetWidth; x++) {
                int sourceX;
                int sourceY;
                switch (orientation) {
                    case 2 -> { sourceX = width - 1 - x; sourceY = y; }
                    case 3 -> { sourceX = width - 1 - x; sourceY = height - 1 - y; }
                    case 4 -> { sourceX = x; sourceY = height - 1 - y; }
                    case 5 -> { sourceX = y; sourceY = x; }
                    case 6 -> { sourceX = y; sourceY = height - 1 - x; }
                    case 7 -> { sourceX = width - 1 - y; sourceY = height - 1 - x; }
                    default -> { sourceX = width - 1 - y; sourceY = x; }
                }
                to[y * targetWidth + x] = from[sourceY * width + sourceX];
            }
        }
        return target;
    }
}
