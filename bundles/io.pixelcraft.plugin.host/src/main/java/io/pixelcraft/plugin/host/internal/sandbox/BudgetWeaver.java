package io.pixelcraft.plugin.host.internal.sandbox;

import io.pixelcraft.plugin.sandbox.Checkpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a plugin class so that its calls stay within their {@link io.pixelcraft.plugin.sandbox.CallBudget}.
 * It inserts a call to {@link Checkpoint#check()} at every method entry, before every backward
 * jump or switch (loop back-edges), and at the start of every exception handler, so that a
 * plugin can neither loop past its deadline nor catch the resulting error and go on. It
 * charges {@code newarray} and {@code anewarray} through {@link Checkpoint#arrayLength} and
 * replaces {@code multianewarray} with {@link Checkpoint#multiArray}.
 *
 * <p>The check at a handler entry throws once the budget is exhausted. When that entry lies
 * inside a protected range, as javac compiles every {@code synchronized} block and many
 * {@code finally} blocks, the error would be caught by a handler leading back to the same entry,
 * forever. The weaver therefore cuts each handler-entry check out of every protected range, so
 * its error always leaves the method.
 *
 * <p>The inserted code leaves the operand stack as it found it at each point, so the existing
 * stack map frames stay valid; the writer only recomputes the maximum stack size, which needs no
 * class loading.
 */
public final class BudgetWeaver {

    private static final String CHECK_DESCRIPTOR = "()V";
    private static final String ARRAY_LENGTH_DESCRIPTOR = "(II)I";

    /** Returns the woven class file. The input must have passed the {@link BytecodeChecker}. */
    public byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        HandlerLayout layout = HandlerLayout.read(reader, 0);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private int methodIndex;

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<HandlerLayout.Block> blocks = layout.method(methodIndex++);
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return next;
                }
                return new CheckpointMethodVisitor(next, blocks);
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class CheckpointMethodVisitor extends MethodVisitor {

        private final Set<Label> visitedLabels = new HashSet<>();
        private final Set<Label> handlerLabels = new HashSet<>();
        private boolean checkBeforeNextInstruction;

        /** This method's exception table from the first pass, in visiting order. */
        private final List<HandlerLayout.Block> blocks;
        private int tryCatchIndex;

        /** Start and end labels of the check at each handler entry inside a protected range, by entry position. */
        private final Map<Integer, Label[]> guardedChecks = new HashMap<>();
        private final Map<Label, Integer> handlerPositions = new HashMap<>();
        private Label[] pendingGuardedCheck;

        CheckpointMethodVisitor(MethodVisitor next, List<HandlerLayout.Block> blocks) {
            super(Opcodes.ASM9, next);
            this.blocks = blocks;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            emitCheck();
        }

        /**
         * Writes the block as pieces that leave out the check at every handler entry inside it.
         * ClassReader visits all try-catch blocks before the code, so every handler's check
         * labels exist before the first handler label is visited.
         */
        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            handlerLabels.add(handler);
            HandlerLayout.Block block = blocks.get(tryCatchIndex++);
            handlerPositions.put(handler, block.handler());

            Label pieceStart = start;
            for (int entry : coveredHandlerEntries(block)) {
                Label[] check = guardedChecks.computeIfAbsent(entry, position -> new Label[] {new Label(), new Label()});
                // A piece from the block's start up to a handler at that same offset would be empty.
                boolean empty = pieceStart == start && block.start() == entry;
                if (!empty) {
                    super.visitTryCatchBlock(pieceStart, check[0], handler, type);
                }
                pieceStart = check[1];
            }
            // Not empty: the original instruction at the last handler entry follows its check.
            super.visitTryCatchBlock(pieceStart, end, handler, type);
        }

        /** Returns the distinct positions of handler entries inside the block, ascending. */
        private List<Integer> coveredHandlerEntries(HandlerLayout.Block block) {
            TreeSet<Integer> entries = new TreeSet<>();
            for (HandlerLayout.Block other : blocks) {
                if (block.covers(other.handler())) {
                    entries.add(other.handler());
                }
            }
            return new ArrayList<>(entries);
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            visitedLabels.add(label);
            if (handlerLabels.contains(label)) {
                // A stack map frame may follow the label, so the check goes before the next
                // instruction rather than right here.
                checkBeforeNextInstruction = true;
                pendingGuardedCheck = guardedChecks.get(handlerPositions.get(label));
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            beforeInstruction();
            if (visitedLabels.contains(label)) {
                emitCheck();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label defaultLabel, Label... labels) {
            beforeInstruction();
            if (anyVisited(defaultLabel, labels)) {
                emitCheck();
            }
            super.visitTableSwitchInsn(min, max, defaultLabel, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label defaultLabel, int[] keys, Label[] labels) {
            beforeInstruction();
            if (anyVisited(defaultLabel, labels)) {
                emitCheck();
            }
            super.visitLookupSwitchInsn(defaultLabel, keys, labels);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            beforeInstruction();
            if (opcode == Opcodes.NEWARRAY) {
                emitArrayCharge(primitiveBytes(operand));
            }
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            beforeInstruction();
            if (opcode == Opcodes.ANEWARRAY) {
                emitArrayCharge(4);
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            beforeInstruction();
            if (dimensions < 2 || dimensions > BytecodeChecker.MAX_ARRAY_DIMENSIONS) {
                throw new IllegalArgumentException("Cannot weave multianewarray with " + dimensions + " dimensions");
            }
            super.visitLdcInsn(Type.getType(descriptor));
            String helper = dimensions == 2 ? "(IILjava/lang/Class;)Ljava/lang/Object;" : "(IIILjava/lang/Class;)Ljava/lang/Object;";
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Checkpoint.INTERNAL_NAME, "multiArray", helper, false);
            super.visitTypeInsn(Opcodes.CHECKCAST, descriptor);
        }

        @Override
        public void visitInsn(int opcode) {
            beforeInstruction();
            super.visitInsn(opcode);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            beforeInstruction();
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            beforeInstruction();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            beforeInstruction();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, org.objectweb.asm.Handle bootstrap, Object... arguments) {
            beforeInstruction();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitLdcInsn(Object value) {
            beforeInstruction();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            beforeInstruction();
            super.visitIincInsn(varIndex, increment);
        }

        private boolean anyVisited(Label defaultLabel, Label[] labels) {
            if (visitedLabels.contains(defaultLabel)) {
                return true;
            }
            for (Label label : labels) {
                if (visitedLabels.contains(label)) {
                    return true;
                }
            }
            return false;
        }

        private void beforeInstruction() {
            if (!checkBeforeNextInstruction) {
                return;
            }
            checkBeforeNextInstruction = false;
            if (pendingGuardedCheck == null) {
                emitCheck();
                return;
            }
            super.visitLabel(pendingGuardedCheck[0]);
            emitCheck();
            super.visitLabel(pendingGuardedCheck[1]);
            pendingGuardedCheck = null;
        }

        private void emitCheck() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Checkpoint.INTERNAL_NAME, "check", CHECK_DESCRIPTOR, false);
        }

        private void emitArrayCharge(int elementBytes) {
            super.visitIntInsn(Opcodes.BIPUSH, elementBytes);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Checkpoint.INTERNAL_NAME, "arrayLength", ARRAY_LENGTH_DESCRIPTOR, false);
        }

        private static int primitiveBytes(int newArrayOperand) {
            return switch (newArrayOperand) {
                case Opcodes.T_LONG, Opcodes.T_DOUBLE -> 8;
                case Opcodes.T_INT, Opcodes.T_FLOAT -> 4;
                case Opcodes.T_SHORT, Opcodes.T_CHAR -> 2;
                default -> 1;
            };
        }
    }
}
