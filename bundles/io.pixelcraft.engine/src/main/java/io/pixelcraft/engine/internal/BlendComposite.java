package io.pixelcraft.engine.internal;

import java.awt.AlphaComposite;
import java.awt.Composite;
import java.awt.CompositeContext;
import java.awt.RenderingHints;
import java.awt.image.ColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The separable blend modes of the W3C Compositing and Blending Level 1 specification (section
 * 5.1, "source-over" compositing with a blend function), which {@link AlphaComposite} lacks.
 * Works on non-premultiplied packed ARGB rasters, the only kind the renderer creates.
 */
final class BlendComposite implements Composite {

    enum Mode { MULTIPLY, SCREEN, DARKEN, LIGHTEN, DIFFERENCE }

    private final Mode mode;
    private final float opacity;

    BlendComposite(Mode mode, float opacity) {
        this.mode = mode;
        this.opacity = opacity;
    }

    /** Returns the composite for a {@code blendMode} value; normal maps to plain source-over. */
    static Composite of(String blendMode, float opacity) {
        return switch (blendMode) {
            case "multiply" -> new BlendComposite(Mode.MULTIPLY, opacity);
            case "screen" -> new BlendComposite(Mode.SCREEN, opacity);
            case "darken" -> new BlendComposite(Mode.DARKEN, opacity);
            case "lighten" -> new BlendComposite(Mode.LIGHTEN, opacity);
            case "difference" -> new BlendComposite(Mode.DIFFERENCE, opacity);
            default -> AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity);
        };
    }

    @Override
    public CompositeContext createContext(ColorModel srcColorModel, ColorModel dstColorModel, RenderingHints hints) {
        if (!isPackedArgb(srcColorModel) || !isPackedArgb(dstColorModel)) {
            // Only reachable if a caller draws onto a raster the renderer did not create.
            return AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity).createContext(srcColorModel, dstColorModel, hints);
        }
        return new Context();
    }

    private static boolean isPackedArgb(ColorModel model) {
        return model instanceof DirectColorModel direct && !direct.isAlphaPremultiplied()
                && direct.getAlphaMask() == 0xFF000000 && direct.getRedMask() == 0x00FF0000;
    }

    private int blend(int backdrop, int source) {
        return switch (mode) {
            case MULTIPLY -> backdrop * source / 255;
            case SCREEN -> backdrop + source - backdrop * source / 255;
            case DARKEN -> Math.min(backdrop, source);
            case LIGHTEN -> Math.max(backdrop, source);
            case DIFFERENCE -> Math.abs(backdrop - source);
        };
    }

    private final class Context implements CompositeContext {

        @Override
        public void compose(Raster src, Raster dstIn, WritableRaster dstOut) {
            int width = Math.min(src.getWidth(), dstIn.getWidth());
            int height = Math.min(src.getHeight(), dstIn.getHeight());
            int[] sourceRow = new int[width];
            int[] backdropRow = new int[width];
            for (int y = 0; y < height; y++) {
                src.getDataElements(0, y, width, 1, sourceRow);
                dstIn.getDataElements(0, y, width, 1, backdropRow);
                for (int x = 0; x < width; x++) {
                    backdropRow[x] = composite(backdropRow[x], sourceRow[x]);
                }
                dstOut.setDataElements(0, y, width, 1, backdropRow);
            }
        }

        private int composite(int backdrop, int source) {
            float alphaSource = ((source >>> 24) / 255f) * opacity;
            if (alphaSource <= 0) {
                return backdrop;
            }
            float alphaBackdrop = (backdrop >>> 24) / 255f;
            float alphaOut = alphaSource + alphaBackdrop * (1 - alphaSource);
            int result = Math.round(alphaOut * 255) << 24;
            for (int shift = 16; shift >= 0; shift -= 8) {
                int cs = (source >> shift) & 0xFF;
                int cb = (backdrop >> shift) & 0xFF;
                float mixed = alphaSource * (1 - alphaBackdrop) * cs
                        + alphaSource * alphaBackdrop * blend(cb, cs)
                        + (1 - alphaSource) * alphaBackdrop * cb;
                int channel = Math.round(mixed / alphaOut);
                result |= Math.min(255, Math.max(0, channel)) << shift;
            }
            return result;
        }

        @Override
        public void dispose() {
            // Nothing to release.
        }
    }
}
