package io.pixelcraft.plugin.host.internal.sandbox;

import io.pixelcraft.plugin.sandbox.Checkpoint;
import java.util.HashSet;
import java.util.Set;
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
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return next;
                }
                return new CheckpointMethodVisitor(next);
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class CheckpointMethodVisitor extends MethodVisitor {

        private final Set<Label> visitedLabels = new HashSet<>();
        private final Set<Label> handlerLabels = new HashSet<>();
        private boolean checkBeforeNextInstruction;

        CheckpointMethodVisitor(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            emitCheck();
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            handlerLabels.add(handler);
            super.visitTryCatchBlock(start, end, handler, type);
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            visitedLabels.add(label);
            if (handlerLabels.contains(label)) {
                // A stack map frame may follow the label, so the check goes before the next
                // instruction rather than right here.
                checkBeforeNextInstruction = true;
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
            if (checkBeforeNextInstruction) {
                checkBeforeNextInstruction = false;
                emitCheck();
            }
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
