package io.pixelcraft.api.document;

import java.util.List;

/**
 * The result of applying a batch. A batch is applied whole or not at all: when
 * {@code violations} is non-empty, {@code applied} is false and the document is unchanged.
 *
 * @param applied    whether the batch was accepted
 * @param revision   the document's revision after the batch
 * @param outcomes   one entry per op of an accepted batch, empty for a rejected one
 * @param violations why the batch was rejected: the violations of the first invalid op
 */
public record BatchResult(boolean applied, long revision, List<OpOutcome> outcomes, List<OpViolation> violations) {

    public BatchResult {
        outcomes = List.copyOf(outcomes);
        violations = List.copyOf(violations);
    }

    /** Returns whether any op of an accepted batch changed the document. */
    public boolean changed() {
        return outcomes.stream().anyMatch(o -> OpOutcome.APPLIED.equals(o.status()));
    }
}
