package io.pixelcraft.api.document;

import java.util.Locale;

/** Kinds of document nodes. JSON uses the lower-case name, for example {@code rect}. */
public enum NodeType {
    /** The single root of every document; its width and height are the canvas size. */
    ROOT,
    /** A container that clips its children to its bounds when {@code clip} is true. */
    FRAME,
    /** A container without paint of its own; it never clips. */
    GROUP,
    /** A stored image, referenced by the SHA-256 of its bytes, with an optional crop. */
    IMAGE,
    RECT,
    ELLIPSE,
    /** A straight line from the node's origin to {@code (width, height)}. */
    LINE,
    /** An SVG path ({@code d}) in the node's local coordinates. */
    PATH,
    TEXT;

    /** Returns whether nodes of this type may have children. */
    public boolean isContainer() {
        return this == ROOT || this == FRAME || this == GROUP;
    }

    /** Returns the lower-case name used in JSON. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the lower-case JSON name.
     *
     * @throws IllegalArgumentException when the value names no node type
     */
    public static NodeType fromJson(String value) {
        for (NodeType type : values()) {
            if (type.jsonName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown node type '" + value
                + "': use frame, group, image, rect, ellipse, line, path or text");
    }
}
