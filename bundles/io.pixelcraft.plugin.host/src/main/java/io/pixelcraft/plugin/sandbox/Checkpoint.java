package io.pixelcraft.plugin.sandbox;

import java.lang.reflect.Array;

/**
 * Static checks that woven plugin code calls. Each one does nothing on a thread without an open
 * {@link CallBudget} and throws {@link BudgetExceededError} when the open budget is exhausted.
 * The method names and descriptors are part of the woven bytecode: change them only together
 * with the weaver.
 */
public final class Checkpoint {

    /** Internal name of this class, as the weaver writes it into plugin bytecode. */
    public static final String INTERNAL_NAME = "io/pixelcraft/plugin/sandbox/Checkpoint";

    private Checkpoint() {
    }

    /** Checks the time budget; woven at method entries, loop back-edges and handler entries. */
    public static void check() {
        CallBudget budget = CallBudget.CURRENT.get();
        if (budget != null) {
            budget.check();
        }
    }

    /**
     * Charges a one-dimensional array allocation to the budget and returns the length unchanged,
     * so the weaver can put this call right before {@code newarray} and {@code anewarray}.
     * A negative length is passed through for the JVM to reject as usual.
     */
    public static int arrayLength(int length, int elementBytes) {
        CallBudget budget = CallBudget.CURRENT.get();
        if (budget != null && length > 0) {
            budget.allocate((long) length * elementBytes);
        }
        return length;
    }

    /** Replaces {@code multianewarray} with two dimensions. */
    public static Object multiArray(int d0, int d1, Class<?> arrayType) {
        return multiArray(arrayType, d0, d1);
    }

    /** Replaces {@code multianewarray} with three dimensions. */
    public static Object multiArray(int d0, int d1, int d2, Class<?> arrayType) {
        return multiArray(arrayType, d0, d1, d2);
    }

    private static Object multiArray(Class<?> arrayType, int... dimensions) {
        Class<?> elementType = arrayType;
        long count = 1;
        long bytes = 0;
        for (int dimension : dimensions) {
            elementType = elementType.getComponentType();
            count *= Math.max(dimension, 0);
            // Each level holds count references, or count primitives at the innermost level.
            bytes += count * (elementType.isPrimitive() ? primitiveBytes(elementType) : 4);
        }
        CallBudget budget = CallBudget.CURRENT.get();
        if (budget != null) {
            budget.allocate(bytes);
        }
        return Array.newInstance(componentAt(arrayType, dimensions.length), dimensions);
    }

    private static Class<?> componentAt(Class<?> arrayType, int depth) {
        Class<?> type = arrayType;
        for (int i = 0; i < depth; i++) {
            type = type.getComponentType();
        }
        return type;
    }

    private static int primitiveBytes(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        return 1;
    }
}
