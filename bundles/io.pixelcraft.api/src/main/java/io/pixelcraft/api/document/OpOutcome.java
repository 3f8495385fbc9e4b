package io.pixelcraft.api.document;

/**
 * What happened to one op of an accepted batch.
 *
 * @param index  the op's position in its batch
 * @param opId   the op's id
 * @param status {@link #APPLIED}, {@link #DUPLICATE} or {@link #DELETED_TARGET}
 */
public record OpOutcome(int index, String opId, String status) {

    /** The op changed the document (a set to the current value also counts). */
    public static final String APPLIED = "applied";
    /** The document had already seen the op id, so the op was skipped. */
    public static final String DUPLICATE = "duplicate";
    /**
     * The op targets a deleted node (or creates or moves into a deleted parent), so it was
     * skipped: a delete wins over concurrent edits.
     */
    public static final String DELETED_TARGET = "deleted-target";
}
