package io.pixelcraft.plugin.sandbox;

/**
 * Thrown by woven checks when a plugin call has used up its time or allocation budget or was
 * cancelled. It is an {@link Error} so that plugin code catching {@code Exception} does not stop
 * it. Plugin code catching {@code Throwable} meets a fresh one at the start of its handler,
 * because the weaver puts a check there too.
 */
public final class BudgetExceededError extends Error {

    private static final long serialVersionUID = 1L;

    private final CallBudget.Limit limit;

    public BudgetExceededError(CallBudget.Limit limit, String message) {
        super(message, null, false, false);
        this.limit = limit;
    }

    /** Returns which budget ran out. */
    public CallBudget.Limit limit() {
        return limit;
    }
}
