package io.pixelcraft.imaging.internal;

import java.awt.image.BufferedImage;

/**
 * Downscales {@code TYPE_INT_ARGB} pixels for previews: an exact box average by the largest whole
 * factor, then a bilinear step for the remaining factor (below 2). Averages are weighted by alpha,
 * so transparent pixels do not bleed their hidden colour into the edges.
 */
final class Scaler {

    private Scaler() {
    }

    /** Returns the image scaled so that its long edge is at most {@code maxEdge}; smaller images unchanged. */
    static BufferedImage fitWithin(BufferedImage source, int maxEdge) {
        int width = source.getWidth();
        int height = source.getHeight();
        if (width <= maxEdge && height <= maxEdge) {
            return source;
        }
        double scale = (double) maxEdge / Math.max(width, height);
        int targetWidth = Math.max(1, (int) Math.round(width * scale));
        int targetHeight = Math.max(1, (int) Math.round(height * scale));
        int factor = Math.max(1, Math.min(width / targetWidth, height / targetHeight));
        int[] pixels = source.getType() == BufferedImage.TYPE_INT_ARGB && source.getRaster().getParent() == null
                ? PixelConverter.argbData(source)
                : source.getRGB(0, 0, width, height, null, 0, width);
        if (factor > 1) {
            pixels = boxReduce(pixels, width, height, factor);
            width = width / factor;
            height = height / factor;
        }
        if (width != targetWidth || height != targetHeight) {
            pixels = bilinear(pixels, width, height, targetWidth, targetHeight);
        }
        BufferedImage target = new BufferedImage(targetWidth, targetHeight, BufferedImage.TYPE_INT_ARGB);
        System.arraycopy(pixels, 0, PixelConverter.argbData(target), 0, pixels.length);
        return target;
    }

    private static int[] boxReduce(int[] pixels, int width, int height, int factor) {
        int targetWidth = width / factor;
        int targetHeight = height / factor;
        int[] target = new int[targetWidth * targetHeight];
        int count = factor * factor;
        for (int ty = 0; ty < targetHeight; ty++) {
            for (int tx = 0; tx < targetWidth; tx++) {
                long alpha = 0;
                long red = 0;
                long green = 0;
                long blue = 0;
                for (int dy = 0; dy < factor; dy++) {
                    int row = (ty * factor + dy) * width + tx * factor;
                    for (int dx = 0; dx < factor; dx++) {
                        int argb = pixels[row + dx];
                        int a = argb >>> 24;
                        alpha += a;
                        red += (argb >> 16 & 0xff) * a;
                        green += (argb >> 8 & 0xff) * a;
                        blue += (argb & 0xff) * a;
                    }
                }
                target[ty * targetWidth + tx] = unpremultiply(alpha, red, green, blue, count);
            }
        }
        return target;
    }

    private static int[] bilinear(int[] pixels, int width, int height, int targetWidth, int targetHeight) {
        int[] target = new int[targetWidth * targetHeight];
        double scaleX = (double) width / targetWidth;
        double scaleY = (double) height / targetHeight;
        for (int ty = 0; ty < targetHeight; ty++) {
            double sy = Math.max(0, (ty + 0.5) * scaleY - 0.5);
            int y0 = Math.min((int) sy, height - 1);
            int y1 = Math.min(y0 + 1, height - 1);
            double fy = sy - y0;
            for (int tx = 0; tx < targetWidth; tx++) {
                double sx = Math.max(0, (tx + 0.5) * scaleX - 0.5);
                int x0 = Math.min((int) sx, width - 1);
                int x1 = Math.min(x0 + 1, width - 1);
                double fx = sx - x0;
                double[] weights = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
                int[] corners = {pixels[y0 * width + x0], pixels[y0 * width + x1],
                        pixels[y1 * width + x0], pixels[y1 * width + x1]};
                double alpha = 0;
                double red = 0;
                double green = 0;
                double blue = 0;
                for (int i = 0; i < 4; i++) {
                    int argb = corners[i];
                    double a = (argb >>> 24) * weights[i];
                    alpha += a;
                    red += (argb >> 16 & 0xff) * a;
                    green += (argb >> 8 & 0xff) * a;
                    blue += (argb & 0xff) * a;
                }
                target[ty * targetWidth + tx] = unpremultiply(Math.round(alpha * 1024), Math.round(red * 1024),
                        Math.round(green * 1024), Math.round(blue * 1024), 1024);
            }
        }
        return target;
    }

    /** Packs averaged channels: colour sums are weighted by alpha, alpha is summed over {@code count} pixels. */
    private static int unpremultiply(long alphaSum, long redSum, long greenSum, long blueSum, int count) {
        if (alphaSum == 0) {
            return 0;
        }
        int a = (int) ((alphaSum + count / 2) / count);
        int r = (int) ((redSum + alphaSum / 2) / alphaSum);
        int g = (int) ((greenSum + alphaSum / 2) / alphaSum);
        int b = (int) ((blueSum + alphaSum / 2) / alphaSum);
        return Math.min(a, 255) << 24 | Math.min(r, 255) << 16 | Math.min(g, 255) << 8 | Math.min(b, 255);
    }
}
