package io.pixelcraft.api.document;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node properties, with their JSON names, value kinds, ranges, defaults and the node types
 * that have them. A node stores only the properties that differ from the default; setting a
 * property to JSON {@code null} resets it to the default.
 *
 * <p>Coordinates are document units (pixels at scale 1). {@code x} and {@code y} are relative to
 * the parent's origin; rotation is in degrees, clockwise, around the node's centre.
 */
public enum Property {
    NAME("name", ValueKind.STRING, 0, 256, "", all()),
    X("x", ValueKind.NUMBER, -1_000_000, 1_000_000, 0.0, allButRoot()),
    Y("y", ValueKind.NUMBER, -1_000_000, 1_000_000, 0.0, allButRoot()),
    WIDTH("width", ValueKind.NUMBER, 0, 1_000_000, 100.0, all()),
    HEIGHT("height", ValueKind.NUMBER, 0, 1_000_000, 100.0, all()),
    ROTATION("rotation", ValueKind.NUMBER, -360, 360, 0.0, allButRoot()),
    OPACITY("opacity", ValueKind.NUMBER, 0, 1, 1.0, allButRoot()),
    BLEND_MODE("blendMode", ValueKind.ENUM, 0, 0, "normal", allButRoot(),
            "normal", "multiply", "screen", "darken", "lighten", "difference"),
    VISIBLE("visible", ValueKind.BOOLEAN, 0, 0, Boolean.TRUE, allButRoot()),
    LOCKED("locked", ValueKind.BOOLEAN, 0, 0, Boolean.FALSE, allButRoot()),
    FILTERS("filters", ValueKind.FILTERS, 0, 16, List.of(), allButRoot()),
    /** Fill colour; the default is {@code #ffffff} on root and frames, {@code #d9d9d9} elsewhere. */
    FILL("fill", ValueKind.COLOR, 0, 0, "#d9d9d9",
            EnumSet.of(NodeType.ROOT, NodeType.FRAME, NodeType.RECT, NodeType.ELLIPSE, NodeType.PATH)),
    /** Stroke colour; the default is {@code #000000} on lines and transparent elsewhere. */
    STROKE("stroke", ValueKind.COLOR, 0, 0, "#00000000",
            EnumSet.of(NodeType.RECT, NodeType.ELLIPSE, NodeType.LINE, NodeType.PATH)),
    /** Stroke width in document units; the default is 1 on lines and 0 elsewhere. */
    STROKE_WIDTH("strokeWidth", ValueKind.NUMBER, 0, 1000, 0.0,
            EnumSet.of(NodeType.RECT, NodeType.ELLIPSE, NodeType.LINE, NodeType.PATH)),
    CORNER_RADIUS("cornerRadius", ValueKind.NUMBER, 0, 1_000_000, 0.0, EnumSet.of(NodeType.FRAME, NodeType.RECT)),
    CLIP("clip", ValueKind.BOOLEAN, 0, 0, Boolean.TRUE, EnumSet.of(NodeType.FRAME)),
    IMAGE("image", ValueKind.SHA256, 0, 0, null, EnumSet.of(NodeType.IMAGE)),
    /** Crop of the source image as fractions of its width and height. */
    CROP_X("cropX", ValueKind.NUMBER, 0, 1, 0.0, EnumSet.of(NodeType.IMAGE)),
    CROP_Y("cropY", ValueKind.NUMBER, 0, 1, 0.0, EnumSet.of(NodeType.IMAGE)),
    CROP_WIDTH("cropWidth", ValueKind.NUMBER, 0.000001, 1, 1.0, EnumSet.of(NodeType.IMAGE)),
    CROP_HEIGHT("cropHeight", ValueKind.NUMBER, 0.000001, 1, 1.0, EnumSet.of(NodeType.IMAGE)),
    D("d", ValueKind.PATH_DATA, 0, 0, "", EnumSet.of(NodeType.PATH)),
    TEXT("text", ValueKind.TEXT, 0, 0, "", EnumSet.of(NodeType.TEXT)),
    FONT_FAMILY("fontFamily", ValueKind.STRING, 1, 100, "SansSerif", EnumSet.of(NodeType.TEXT)),
    FONT_SIZE("fontSize", ValueKind.NUMBER, 1, 1000, 16.0, EnumSet.of(NodeType.TEXT)),
    FONT_WEIGHT("fontWeight", ValueKind.FONT_WEIGHT, 100, 900, 400.0, EnumSet.of(NodeType.TEXT)),
    TEXT_ALIGN("textAlign", ValueKind.ENUM, 0, 0, "left", EnumSet.of(NodeType.TEXT), "left", "center", "right"),
    COLOR("color", ValueKind.COLOR, 0, 0, "#000000", EnumSet.of(NodeType.TEXT));

    private static final Map<String, Property> BY_JSON_NAME = new HashMap<>();

    static {
        for (Property property : values()) {
            BY_JSON_NAME.put(property.jsonName, property);
        }
    }

    private final String jsonName;
    private final ValueKind kind;
    private final double min;
    private final double max;
    private final Object defaultValue;
    private final Set<NodeType> types;
    private final List<String> choices;

    Property(String jsonName, ValueKind kind, double min, double max, Object defaultValue,
            Set<NodeType> types, String... choices) {
        this.jsonName = jsonName;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.defaultValue = defaultValue;
        this.types = Set.copyOf(types);
        this.choices = List.of(choices);
    }

    /** Returns the name used in JSON and in {@link Node#props()}. */
    public String jsonName() {
        return jsonName;
    }

    public ValueKind kind() {
        return kind;
    }

    /**
     * Returns the lower bound: the minimum value for numbers, the minimum length for
     * {@link ValueKind#STRING}, and 0 for other kinds.
     */
    public double min() {
        return min;
    }

    /**
     * Returns the upper bound: the maximum value for numbers, the maximum length for
     * {@link ValueKind#STRING}, the maximum list size for {@link ValueKind#FILTERS}, and 0 for
     * other kinds.
     */
    public double max() {
        return max;
    }

    /** Returns the allowed values of an {@link ValueKind#ENUM} property, otherwise an empty list. */
    public List<String> choices() {
        return choices;
    }

    /** Returns whether nodes of the given type have this property. */
    public boolean appliesTo(NodeType type) {
        return types.contains(type);
    }

    /**
     * Returns the value a node of the given type has when the property is not set: a
     * {@code Double}, {@code String}, {@code Boolean}, an empty list, or {@code null} for an
     * unset image.
     */
    public Object defaultFor(NodeType type) {
        if (this == FILL && (type == NodeType.ROOT || type == NodeType.FRAME)) {
            return "#ffffff";
        }
        if (this == STROKE && type == NodeType.LINE) {
            return "#000000";
        }
        if (this == STROKE_WIDTH && type == NodeType.LINE) {
            return 1.0;
        }
        return defaultValue;
    }

    /** Returns the property with the given JSON name, or {@code null} when there is none. */
    public static Property byJsonName(String name) {
        return BY_JSON_NAME.get(name);
    }

    private static Set<NodeType> all() {
        return EnumSet.allOf(NodeType.class);
    }

    private static Set<NodeType> allButRoot() {
        return EnumSet.complementOf(EnumSet.of(NodeType.ROOT));
    }
}
