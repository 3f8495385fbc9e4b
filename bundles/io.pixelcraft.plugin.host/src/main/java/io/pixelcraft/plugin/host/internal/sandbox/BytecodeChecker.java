package io.pixelcraft.plugin.host.internal.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Checks the bytecode of one plugin class against the {@link SandboxPolicy}: every type in the
 * class header, field and method descriptors, instructions, constants, exception handlers and
 * {@code invokedynamic} call sites, and every member the code calls or reads.
 *
 * <p>It reads the class without loading it, so nothing in the plugin runs before the verdict.
 */
public final class BytecodeChecker {

    /** Most array dimensions one {@code multianewarray} may create; the weaver supports up to 3. */
    static final int MAX_ARRAY_DIMENSIONS = 3;

    private final Predicate<String> pluginOwnType;

    /**
     * @param pluginOwnType returns whether an internal class name belongs to the plugin itself;
     *                      plugin code may reference its own types freely
     */
    public BytecodeChecker(Predicate<String> pluginOwnType) {
        this.pluginOwnType = pluginOwnType;
    }

    /**
     * Checks one class file.
     *
     * @return the violations, in the order found and without duplicates; empty when the class
     *         passes
     */
    public List<Violation> check(byte[] classFile) {
        Set<Violation> violations = new LinkedHashSet<>();
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (RuntimeException e) {
            violations.add(new Violation("(unreadable class)", "class", "class file",
                    "invalid class file: " + e.getMessage()));
            return new ArrayList<>(violations);
        }
        reader.accept(new CheckingClassVisitor(violations), ClassReader.SKIP_FRAMES);
        return new ArrayList<>(violations);
    }

    private final class CheckingClassVisitor extends ClassVisitor {

        private final Set<Violation> violations;
        private String className = "(unknown)";

        CheckingClassVisitor(Set<Violation> violations) {
            super(Opcodes.ASM9);
            this.violations = violations;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name.replace('/', '.');
            if (superName != null) {
                checkType(superName, "class");
            }
            if (interfaces != null) {
                for (String type : interfaces) {
                    checkType(type, "class");
                }
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            checkDescriptorType(Type.getType(descriptor), "field " + name);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String location = "method " + name + parameterList(descriptor);
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                report(location, className + "." + name, "native code");
            }
            if (name.equals("finalize") && descriptor.equals("()V")) {
                report(location, className + ".finalize()", "runs on the finalizer thread outside the budget");
            }
            Type methodType = Type.getMethodType(descriptor);
            checkDescriptorType(methodType.getReturnType(), location);
            for (Type argument : methodType.getArgumentTypes()) {
                checkDescriptorType(argument, location);
            }
            if (exceptions != null) {
                for (String exception : exceptions) {
                    checkType(exception, location);
                }
            }
            return new CheckingMethodVisitor(location);
        }

        private final class CheckingMethodVisitor extends MethodVisitor {

            private final String location;

            CheckingMethodVisitor(String location) {
                super(Opcodes.ASM9);
                this.location = location;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                checkType(type, location);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                if (checkType(owner, location)) {
                    checkMember(owner, name, descriptor, true, location);
                }
                checkDescriptorType(Type.getType(descriptor), location);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                checkMethodReference(owner, name, descriptor, location);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                if (!SandboxPolicy.allowedBootstrap(bootstrap.getOwner(), bootstrap.getName())) {
                    report(location, memberName(bootstrap.getOwner(), bootstrap.getName(), bootstrap.getDesc()),
                            "method handles: only the bootstraps javac uses for lambdas, string concatenation, records and switches are allowed");
                }
                Type callSite = Type.getMethodType(descriptor);
                checkDescriptorType(callSite.getReturnType(), location);
                for (Type argument : callSite.getArgumentTypes()) {
                    checkDescriptorType(argument, location);
                }
                for (Object argument : arguments) {
                    if (argument instanceof Type type && type.getSort() == Type.METHOD) {
                        // Lambda bootstraps take the functional method's type as an argument.
                        checkMethodTypeArguments(type);
                    } else {
                        checkConstant(argument);
                    }
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                checkConstant(value);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                checkDescriptorType(Type.getType(descriptor), location);
                if (dimensions > MAX_ARRAY_DIMENSIONS) {
                    report(location, "new " + Type.getType(descriptor).getClassName(),
                            "allocates " + dimensions + " array dimensions at once; the sandbox supports at most " + MAX_ARRAY_DIMENSIONS);
                }
            }

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    checkType(type, location);
                }
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                if (opcode == Opcodes.JSR) {
                    report(location, "jsr", "subroutine instructions are not supported by the sandbox weaver");
                }
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                if (opcode == Opcodes.RET) {
                    report(location, "ret", "subroutine instructions are not supported by the sandbox weaver");
                }
            }

            private void checkMethodTypeArguments(Type methodType) {
                checkDescriptorType(methodType.getReturnType(), location);
                for (Type argument : methodType.getArgumentTypes()) {
                    checkDescriptorType(argument, location);
                }
            }

            private void checkConstant(Object value) {
                if (value instanceof Type type) {
                    if (type.getSort() == Type.METHOD) {
                        report(location, "method type " + type.getDescriptor(), "method handles");
                    } else {
                        checkDescriptorType(type, location);
                    }
                } else if (value instanceof Handle handle) {
                    checkMethodReference(handle.getOwner(), handle.getName(), handle.getDesc(), location);
                } else if (value instanceof ConstantDynamic constant) {
                    report(location, "dynamic constant " + constant.getName(), "method handles");
                }
            }
        }

        private void checkMethodReference(String owner, String name, String descriptor, String location) {
            if (owner.startsWith("[")) {
                // Methods on arrays (clone, length via Object) are those of java.lang.Object.
                checkType(owner, location);
                return;
            }
            if (checkType(owner, location)) {
                boolean ownType = pluginOwnType.test(owner);
                if (!ownType || SandboxPolicy.memberReason("", name, descriptor, false) != null) {
                    checkMember(owner, name, descriptor, false, location);
                }
            }
            if (descriptor.startsWith("(")) {
                Type methodType = Type.getMethodType(descriptor);
                checkDescriptorType(methodType.getReturnType(), location);
                for (Type argument : methodType.getArgumentTypes()) {
                    checkDescriptorType(argument, location);
                }
            }
        }

        private void checkMember(String owner, String name, String descriptor, boolean field, String location) {
            String reason = SandboxPolicy.memberReason(owner, name, descriptor, field);
            if (reason != null) {
                report(location, memberName(owner, name, field ? null : descriptor), reason);
            }
        }

        private void checkDescriptorType(Type type, String location) {
            Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (element.getSort() == Type.OBJECT) {
                checkType(element.getInternalName(), location);
            }
        }

        /** Returns whether the type is allowed, after reporting it when it is not. */
        private boolean checkType(String internalName, String location) {
            String name = internalName;
            if (name.startsWith("[")) {
                Type element = Type.getType(name).getElementType();
                if (element.getSort() != Type.OBJECT) {
                    return true;
                }
                name = element.getInternalName();
            }
            String reason = SandboxPolicy.typeReason(name, pluginOwnType.test(name));
            if (reason != null) {
                report(location, name.replace('/', '.'), reason);
                return false;
            }
            return true;
        }

        private void report(String location, String member, String reason) {
            violations.add(new Violation(className, location, member, reason));
        }
    }

    /** Formats a method descriptor's parameters with simple type names, for example {@code (Raster, int[])}. */
    static String parameterList(String descriptor) {
        StringBuilder text = new StringBuilder("(");
        Type[] arguments = Type.getMethodType(descriptor).getArgumentTypes();
        for (int i = 0; i < arguments.length; i++) {
            String className = arguments[i].getClassName();
            text.append(i == 0 ? "" : ", ").append(className.substring(className.lastIndexOf('.') + 1));
        }
        return text.append(')').toString();
    }

    private static String memberName(String owner, String name, String descriptor) {
        String ownerName = owner.replace('/', '.');
        if (descriptor == null) {
            return ownerName + "." + name;
        }
        StringBuilder text = new StringBuilder(ownerName).append('.').append(name).append('(');
        Type[] arguments = Type.getMethodType(descriptor).getArgumentTypes();
        for (int i = 0; i < arguments.length; i++) {
            text.append(i == 0 ? "" : ", ").append(arguments[i].getClassName());
        }
        return text.append(')').toString();
    }
}
