package io.pixelcraft.plugin.host.internal.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The exception tables of a class, read in a first pass so that the weaver can tell, before it
 * writes a method's exception table, which handler entries lie inside which protected ranges.
 *
 * <p>Positions are the order in which {@link ClassReader} visits a method's labels. ClassReader
 * makes one label per bytecode offset, so positions compare like offsets. A second ClassReader
 * pass with the same flags visits the same methods, try-catch blocks and labels in the same order.
 */
final class HandlerLayout {

    /** One exception table entry by label positions; {@code end} is exclusive. */
    record Block(int start, int end, int handler) {

        boolean covers(int position) {
            return start <= position && position < end;
        }
    }

    /** The exception table of each method, in the order ClassReader visits the methods. */
    private final List<List<Block>> methods = new ArrayList<>();

    /** Reads the exception tables of a class with the ClassReader flags the weaver uses. */
    static HandlerLayout read(ClassReader reader, int flags) {
        HandlerLayout layout = new HandlerLayout();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<Label[]> labels = new ArrayList<>();
                Map<Label, Integer> positions = new HashMap<>();
                List<Block> blocks = new ArrayList<>();
                layout.methods.add(blocks);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                        labels.add(new Label[] {start, end, handler});
                    }

                    @Override
                    public void visitLabel(Label label) {
                        positions.putIfAbsent(label, positions.size());
                    }

                    @Override
                    public void visitEnd() {
                        for (Label[] block : labels) {
                            blocks.add(new Block(positions.get(block[0]), positions.get(block[1]), positions.get(block[2])));
                        }
                    }
                };
            }
        }, flags);
        return layout;
    }

    /** Returns the exception table of the method that ClassReader visits as the {@code index}th. */
    List<Block> method(int index) {
        return methods.get(index);
    }
}
