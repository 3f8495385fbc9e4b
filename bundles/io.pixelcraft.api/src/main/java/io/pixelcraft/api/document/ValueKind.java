package io.pixelcraft.api.document;

/** The JSON value kinds of node properties and the syntax each accepts. */
public enum ValueKind {
    /** A finite JSON number within the property's {@code [min, max]}. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A string of at most {@code maxLength} characters. */
    STRING,
    /** A string of at most the engine's configured maximum text length. */
    TEXT,
    /** A colour in CSS hex form: {@code #RRGGBB} or {@code #RRGGBBAA}, case-insensitive. */
    COLOR,
    /** One of the property's fixed string values. */
    ENUM,
    /** 64 lower-case hex digits: the SHA-256 of a stored image. */
    SHA256,
    /**
     * SVG path data with the commands M, L, H, V, C, Q and Z (absolute or relative), at most the
     * engine's maximum text length.
     */
    PATH_DATA,
    /** A list of filter objects, see {@link FilterRef}. */
    FILTERS,
    /** A font weight: a multiple of 100 from 100 to 900. */
    FONT_WEIGHT
}
