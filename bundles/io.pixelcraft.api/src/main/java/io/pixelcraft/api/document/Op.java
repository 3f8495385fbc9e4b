package io.pixelcraft.api.document;

import java.util.Map;

/**
 * One operation on a document. All four kinds share this record so that JSON clients send one
 * flat shape; fields a kind does not use are {@code null}.
 *
 * <ul>
 * <li>{@code create}: {@code node} (the new id, chosen by the client), {@code type},
 *     {@code parent}, optional {@code index} or {@code key}, optional {@code props}.</li>
 * <li>{@code set}: {@code node}, {@code props}; a {@code null} value resets that property.</li>
 * <li>{@code delete}: {@code node}; its whole subtree goes with it.</li>
 * <li>{@code move}: {@code node}, and {@code parent} and/or {@code index} or {@code key}.</li>
 * </ul>
 *
 * <p>Position: {@code index} is a position among the parent's current children (0 is the bottom
 * of the z-order, the children's count or {@code null} appends on top). {@code key} is a
 * fractional index key that a client computed itself; when a sibling already has it, the engine
 * places the node just above that sibling. Give at most one of the two.
 *
 * @param kind   {@code create}, {@code set}, {@code delete} or {@code move}
 * @param opId   client-generated id, 1 to 128 characters of letters, digits, {@code _ - . :};
 *               an op whose id the document has already seen is skipped, which makes replays
 *               idempotent
 * @param node   the target node's id
 * @param type   for {@code create}, the node type's JSON name
 * @param parent for {@code create} and {@code move}, the parent's id
 * @param index  optional position among the parent's children
 * @param key    optional fractional index key
 * @param props  for {@code create} and {@code set}, property values by JSON name
 */
public record Op(String kind, String opId, String node, String type, String parent, Integer index,
        String key, Map<String, Object> props) {

    public static final String CREATE = "create";
    public static final String SET = "set";
    public static final String DELETE = "delete";
    public static final String MOVE = "move";

    /** Creates a node on top of its parent's children. */
    public static Op create(String opId, String node, NodeType type, String parent, Map<String, Object> props) {
        return new Op(CREATE, opId, node, type.jsonName(), parent, null, null, props);
    }

    /** Creates a node at a position among its parent's children. */
    public static Op createAt(String opId, String node, NodeType type, String parent, int index,
            Map<String, Object> props) {
        return new Op(CREATE, opId, node, type.jsonName(), parent, index, null, props);
    }

    /** Sets properties; a {@code null} value resets that property to its default. */
    public static Op set(String opId, String node, Map<String, Object> props) {
        return new Op(SET, opId, node, null, null, null, null, props);
    }

    /** Deletes a node and its subtree. */
    public static Op delete(String opId, String node) {
        return new Op(DELETE, opId, node, null, null, null, null, null);
    }

    /**
     * Moves a node to another parent and/or position.
     *
     * @param parent the new parent, or {@code null} to stay under the current one
     * @param index  the new position, or {@code null} for the top
     */
    public static Op move(String opId, String node, String parent, Integer index) {
        return new Op(MOVE, opId, node, null, parent, index, null, null);
    }
}
