package io.pixelcraft.api.plugin;

/** Names shared by plugins and the platform. */
public final class Plugins {

    /**
     * Manifest header that marks a bundle as a sandboxed plugin. Its value is the plugin format
     * version; {@code 1} is the only one defined.
     */
    public static final String HEADER = "PixelCraft-Plugin";

    /** The only plugin format version this API defines. */
    public static final String FORMAT_1 = "1";

    private Plugins() {
    }
}
