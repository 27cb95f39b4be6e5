package io.github.jdiskcache.annotation;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** The few bytecode idioms the generators need: argument arrays, boxing, typed returns. */
final class Bytecode {
    static final String OBJECT = "java/lang/Object";

    private Bytecode() {
    }

    static void pushInt(MethodVisitor code, int value) {
        if (value >= -1 && value <= 5) {
            code.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            code.visitIntInsn(Opcodes.BIPUSH, value);
        } else {
            code.visitIntInsn(Opcodes.SIPUSH, value);
        }
    }

    /** Pushes a new {@code Object[]} holding the method's parameters (boxed), read from local slot 1 on. */
    static void argumentArray(MethodVisitor code, Class<?>[] parameterTypes) {
        pushInt(code, parameterTypes.length);
        code.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
        int slot = 1;
        for (int i = 0; i < parameterTypes.length; i++) {
            Type type = Type.getType(parameterTypes[i]);
            code.visitInsn(Opcodes.DUP);
            pushInt(code, i);
            code.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
            box(code, type);
            code.visitInsn(Opcodes.AASTORE);
            slot += type.getSize();
        }
    }

    /**
     * Pushes each element of the {@code Object[]} in local {@code arraySlot}, cast or unboxed to
     * its parameter's type.
     */
    static void spreadArguments(MethodVisitor code, Class<?>[] parameterTypes, int arraySlot) {
        for (int i = 0; i < parameterTypes.length; i++) {
            code.visitVarInsn(Opcodes.ALOAD, arraySlot);
            pushInt(code, i);
            code.visitInsn(Opcodes.AALOAD);
            castOrUnbox(code, Type.getType(parameterTypes[i]));
        }
    }

    /** Pushes the method's own parameters (from local slot {@code firstSlot}) unchanged. */
    static void loadParameters(MethodVisitor code, Class<?>[] parameterTypes, int firstSlot) {
        int slot = firstSlot;
        for (Class<?> parameterType : parameterTypes) {
            Type type = Type.getType(parameterType);
            code.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
            slot += type.getSize();
        }
    }

    /** Turns the value of {@code type} on the stack into an Object (null for void) and returns it. */
    static void returnBoxed(MethodVisitor code, Class<?> returnType) {
        if (returnType == void.class) {
            code.visitInsn(Opcodes.ACONST_NULL);
        } else {
            box(code, Type.getType(returnType));
        }
        code.visitInsn(Opcodes.ARETURN);
    }

    /** Returns the Object on the stack as {@code returnType} (discarding it for void). */
    static void returnUnboxed(MethodVisitor code, Class<?> returnType) {
        if (returnType == void.class) {
            code.visitInsn(Opcodes.POP);
            code.visitInsn(Opcodes.RETURN);
            return;
        }
        Type type = Type.getType(returnType);
        castOrUnbox(code, type);
        code.visitInsn(type.getOpcode(Opcodes.IRETURN));
    }

    /** Returns the value of {@code returnType} on the stack as it is. */
    static void returnValue(MethodVisitor code, Class<?> returnType) {
        code.visitInsn(Type.getType(returnType).getOpcode(Opcodes.IRETURN));
    }

    private static void box(MethodVisitor code, Type type) {
        if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
            return;
        }
        String wrapper = wrapper(type);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf",
                Type.getMethodDescriptor(Type.getObjectType(wrapper), type), false);
    }

    private static void castOrUnbox(MethodVisitor code, Type type) {
        if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
            if (!type.getInternalName().equals(OBJECT)) {
                code.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
            }
            return;
        }
        String wrapper = wrapper(type);
        code.visitTypeInsn(Opcodes.CHECKCAST, wrapper);
        code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, wrapper, type.getClassName() + "Value",
                Type.getMethodDescriptor(type), false);
    }

    private static String wrapper(Type primitive) {
        return switch (primitive.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.CHAR -> "java/lang/Character";
            case Type.BYTE -> "java/lang/Byte";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.FLOAT -> "java/lang/Float";
            case Type.LONG -> "java/lang/Long";
            case Type.DOUBLE -> "java/lang/Double";
            default -> throw new IllegalArgumentException("not a primitive type: " + primitive);
        };
    }
}
