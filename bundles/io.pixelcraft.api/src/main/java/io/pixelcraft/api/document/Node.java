package io.pixelcraft.api.document;

import java.util.Map;
import java.util.Objects;

/**
 * One node of a document, as stored and sent in JSON.
 *
 * @param id     the node's id, unique in its document: 1 to 64 characters of letters, digits,
 *               {@code _ - . :}
 * @param type   the node type's JSON name, see {@link NodeType}
 * @param parent the parent's id, {@code null} for the root
 * @param key    the fractional index key that orders the node among its siblings (ascending),
 *               {@code null} for the root; see {@link FractionalKeys}
 * @param props  the properties that differ from their defaults, by JSON name; values are
 *               {@code Double}, {@code String}, {@code Boolean} or, for {@code filters}, a list of
 *               maps in the form of {@link FilterRef#toMap()}
 */
public record Node(String id, String type, String parent, String key, Map<String, Object> props) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        props = props == null ? Map.of() : props;
    }

    /** Returns the node type. */
    public NodeType nodeType() {
        return NodeType.fromJson(type);
    }

    /** Returns the property's value, or its default for this node type when it is not set. */
    public Object get(Property property) {
        Object value = props.get(property.jsonName());
        return value != null ? value : property.defaultFor(nodeType());
    }

    /** Returns a number property's value or default. */
    public double number(Property property) {
        return ((Number) get(property)).doubleValue();
    }

    /** Returns a string property's value or default, {@code null} for an unset image. */
    public String string(Property property) {
        return (String) get(property);
    }

    /** Returns a boolean property's value or default. */
    public boolean flag(Property property) {
        return (Boolean) get(property);
    }
}
