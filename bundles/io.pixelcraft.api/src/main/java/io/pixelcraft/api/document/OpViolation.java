package io.pixelcraft.api.document;

/**
 * Why an op was rejected.
 *
 * @param opIndex the op's position in its batch, from 0
 * @param field   the field inside the op, for example {@code props.opacity} or {@code parent};
 *                empty when the op as a whole is invalid
 * @param rule    the rule broken, one of the constants below
 * @param message a sentence naming the value and the fix
 */
public record OpViolation(int opIndex, String field, String rule, String message) {

    /** A required field is missing. */
    public static final String REQUIRED = "required";
    /** A value has the wrong JSON type. */
    public static final String TYPE = "type";
    /** A number is outside its range, or NaN or infinite. */
    public static final String RANGE = "range";
    /** A string or list is too long. */
    public static final String LENGTH = "length";
    /** A string does not match its syntax (ids, colours, hashes, path data, keys, versions). */
    public static final String SYNTAX = "syntax";
    /** A value is not one of the allowed choices. */
    public static final String ENUM = "enum";
    /** A property name is unknown or not defined for the node's type, or a field is not allowed for this kind. */
    public static final String NOT_ALLOWED = "not-allowed";
    /** A referenced node does not exist and was never deleted. */
    public static final String NOT_FOUND = "not-found";
    /** A create uses an id that a live node already has. */
    public static final String DUPLICATE_ID = "duplicate-id";
    /** A move would make a node its own ancestor. */
    public static final String CYCLE = "cycle";
    /** The root cannot be deleted, moved or created. */
    public static final String ROOT = "root";
    /** The parent's type cannot have children. */
    public static final String NOT_CONTAINER = "not-container";
    /** The document would exceed the configured maximum node count. */
    public static final String MAX_NODES = "max-nodes";
    /** The tree would exceed the configured maximum depth. */
    public static final String MAX_DEPTH = "max-depth";
    /** The batch has more ops than the configured maximum. */
    public static final String MAX_OPS = "max-ops";

    /** Returns the JSON path of the field within the batch, for example {@code ops[3].props.opacity}. */
    public String path() {
        return field.isEmpty() ? "ops[" + opIndex + "]" : "ops[" + opIndex + "]." + field;
    }
}
