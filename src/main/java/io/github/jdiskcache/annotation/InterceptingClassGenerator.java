package io.github.jdiskcache.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes the parts every generated class shares. Intercepted method number {@code i} becomes
 * <pre>{@code
 * R m(P1 p1, P2 p2) {
 *     return (R) this.jdiskcache$interceptors[i].intercept(this, new Object[] {p1, p2});
 * }
 * public Object jdiskcache$proceed(int method, Object[] a) {
 *     switch (method) { case i: return original.m((P1) a[0], (P2) a[1]); ... }
 * }
 * }</pre>
 * where {@code original} is {@code super} or the delegate (see the subclasses). So a call costs an
 * array, a field read and two interface calls; nothing is looked up or reflected per call.
 */
abstract class InterceptingClassGenerator {
    static final String INTERCEPTORS_FIELD = "jdiskcache$interceptors";
    static final String INTERCEPTORS_DESCRIPTOR = Type.getDescriptor(CacheInterceptor[].class);

    private static final String INTERCEPTOR = Type.getInternalName(CacheInterceptor.class);
    private static final String INTERCEPT_DESCRIPTOR = Type.getMethodDescriptor(Type.getType(Object.class),
            Type.getType(Intercepted.class), Type.getType(Object[].class));
    private static final String[] THROWS_ANYTHING = {"java/lang/Throwable"};

    final ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
        @Override
        protected String getCommonSuperClass(String type1, String type2) {
            // Frames here never merge two different reference types; loading classes to check is not needed.
            return Bytecode.OBJECT;
        }
    };
    final String className;

    InterceptingClassGenerator(String className) {
        this.className = className;
    }

    final byte[] generate(Class<?> superclass, Class<?>[] interfaces, List<Method> intercepted) {
        String[] interfaceNames = Stream.concat(Arrays.stream(interfaces), Stream.of(Intercepted.class))
                .map(Type::getInternalName).toArray(String[]::new);
        writer.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, className, null,
                Type.getInternalName(superclass), interfaceNames);
        writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, INTERCEPTORS_FIELD, INTERCEPTORS_DESCRIPTOR,
                null, null).visitEnd();
        addMembers();
        for (int index = 0; index < intercepted.size(); index++) {
            writeOverride(intercepted.get(index), index);
        }
        writeProceed(intercepted);
        writeTarget();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** Fields, constructors and methods of the particular kind of class. */
    abstract void addMembers();

    /** Pushes the object whose original method {@link #invokeOriginal} calls: this, or the delegate. */
    abstract void loadOriginalReceiver(MethodVisitor code);

    abstract void invokeOriginal(MethodVisitor code, Method method);

    /** A method that overrides or implements {@code method} with the same access. */
    final MethodVisitor override(Method method) {
        int access = method.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED);
        if (method.isVarArgs()) {
            access |= Opcodes.ACC_VARARGS;
        }
        String[] exceptions = Arrays.stream(method.getExceptionTypes()).map(Type::getInternalName)
                .toArray(String[]::new);
        return writer.visitMethod(access, method.getName(), Type.getMethodDescriptor(method), null, exceptions);
    }

    private void writeOverride(Method method, int index) {
        MethodVisitor code = override(method);
        code.visitCode();
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, className, INTERCEPTORS_FIELD, INTERCEPTORS_DESCRIPTOR);
        Bytecode.pushInt(code, index);
        code.visitInsn(Opcodes.AALOAD);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        Bytecode.argumentArray(code, method.getParameterTypes());
        code.visitMethodInsn(Opcodes.INVOKEINTERFACE, INTERCEPTOR, "intercept", INTERCEPT_DESCRIPTOR, true);
        Bytecode.returnUnboxed(code, method.getReturnType());
        code.visitMaxs(0, 0);
        code.visitEnd();
    }

    private void writeProceed(List<Method> intercepted) {
        MethodVisitor code = writer.visitMethod(Opcodes.ACC_PUBLIC, "jdiskcache$proceed",
                Type.getMethodDescriptor(Type.getType(Object.class), Type.INT_TYPE, Type.getType(Object[].class)),
                null, THROWS_ANYTHING);
        code.visitCode();
        Label unknown = new Label();
        if (!intercepted.isEmpty()) {
            Label[] cases = new Label[intercepted.size()];
            Arrays.setAll(cases, i -> new Label());
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitTableSwitchInsn(0, cases.length - 1, unknown, cases);
            for (int index = 0; index < cases.length; index++) {
                Method method = intercepted.get(index);
                code.visitLabel(cases[index]);
                loadOriginalReceiver(code);
                Bytecode.spreadArguments(code, method.getParameterTypes(), 2);
                invokeOriginal(code, method);
                Bytecode.returnBoxed(code, method.getReturnType());
            }
        }
        code.visitLabel(unknown);
        code.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalArgumentException");
        code.visitInsn(Opcodes.DUP);
        code.visitLdcInsn("no intercepted method with this number");
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>",
                "(Ljava/lang/String;)V", false);
        code.visitInsn(Opcodes.ATHROW);
        code.visitMaxs(0, 0);
        code.visitEnd();
    }

    private void writeTarget() {
        MethodVisitor code = writer.visitMethod(Opcodes.ACC_PUBLIC, "jdiskcache$target",
                Type.getMethodDescriptor(Type.getType(Object.class)), null, null);
        code.visitCode();
        loadOriginalReceiver(code);
        code.visitInsn(Opcodes.ARETURN);
        code.visitMaxs(0, 0);
        code.visitEnd();
    }
}
