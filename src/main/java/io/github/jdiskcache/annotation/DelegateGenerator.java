package io.github.jdiskcache.annotation;

import java.lang.reflect.Method;
import java.util.List;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * An implementation of an interface that hands every call to a delegate: annotated methods
 * through their interceptor, the others directly, and {@code equals}, {@code hashCode} and
 * {@code toString} too (as a {@code java.lang.reflect.Proxy} would).
 * <pre>{@code
 * Generated(CacheInterceptor[] interceptors, I delegate)
 * public R other(P p) { return this.jdiskcache$delegate.other(p); }
 * }</pre>
 */
final class DelegateGenerator extends InterceptingClassGenerator {
    private static final String DELEGATE_FIELD = "jdiskcache$delegate";
    /** The Object methods every delegating class forwards, as name and descriptor. */
    static final List<String> OBJECT_METHODS =
            List.of("toString()Ljava/lang/String;", "hashCode()I", "equals(Ljava/lang/Object;)Z");

    private final Class<?> iface;
    private final String ifaceName;
    private final List<Method> forwarded;

    private DelegateGenerator(String className, Class<?> iface, List<Method> forwarded) {
        super(className);
        this.iface = iface;
        this.ifaceName = Type.getInternalName(iface);
        this.forwarded = forwarded;
    }

    static byte[] generate(String className, Class<?> iface, List<Method> intercepted, List<Method> forwarded) {
        return new DelegateGenerator(className, iface, forwarded).generate(Object.class, new Class<?>[] {iface},
                intercepted);
    }

    /** The constructor's parameter types. */
    static Class<?>[] constructorParameterTypes(Class<?> iface) {
        return new Class<?>[] {CacheInterceptor[].class, iface};
    }

    @Override
    void addMembers() {
        writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, DELEGATE_FIELD, Type.getDescriptor(iface),
                null, null).visitEnd();
        writeConstructor();
        for (Method method : forwarded) {
            MethodVisitor code = override(method);
            code.visitCode();
            loadOriginalReceiver(code);
            Bytecode.loadParameters(code, method.getParameterTypes(), 1);
            invokeOriginal(code, method);
            Bytecode.returnValue(code, method.getReturnType());
            code.visitMaxs(0, 0);
            code.visitEnd();
        }
        for (String method : OBJECT_METHODS) {
            writeObjectMethod(method);
        }
    }

    private void writeConstructor() {
        Type[] parameters = {Type.getType(CacheInterceptor[].class), Type.getType(iface)};
        MethodVisitor code = writer.visitMethod(0, "<init>", Type.getMethodDescriptor(Type.VOID_TYPE, parameters),
                null, null);
        code.visitCode();
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, Bytecode.OBJECT, "<init>", "()V", false);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 1);
        code.visitFieldInsn(Opcodes.PUTFIELD, className, INTERCEPTORS_FIELD, INTERCEPTORS_DESCRIPTOR);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 2);
        code.visitFieldInsn(Opcodes.PUTFIELD, className, DELEGATE_FIELD, Type.getDescriptor(iface));
        code.visitInsn(Opcodes.RETURN);
        code.visitMaxs(0, 0);
        code.visitEnd();
    }

    /** {@code nameAndDescriptor} of an Object method, forwarded to the delegate. */
    private void writeObjectMethod(String nameAndDescriptor) {
        int split = nameAndDescriptor.indexOf('(');
        String name = nameAndDescriptor.substring(0, split);
        String descriptor = nameAndDescriptor.substring(split);
        MethodVisitor code = writer.visitMethod(Opcodes.ACC_PUBLIC, name, descriptor, null, null);
        code.visitCode();
        loadOriginalReceiver(code);
        Type[] arguments = Type.getArgumentTypes(descriptor);
        for (int slot = 1; slot <= arguments.length; slot++) {
            code.visitVarInsn(Opcodes.ALOAD, slot);
        }
        code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, Bytecode.OBJECT, name, descriptor, false);
        code.visitInsn(Type.getReturnType(descriptor).getOpcode(Opcodes.IRETURN));
        code.visitMaxs(0, 0);
        code.visitEnd();
    }

    @Override
    void loadOriginalReceiver(MethodVisitor code) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, className, DELEGATE_FIELD, Type.getDescriptor(iface));
    }

    @Override
    void invokeOriginal(MethodVisitor code, Method method) {
        code.visitMethodInsn(Opcodes.INVOKEINTERFACE, ifaceName, method.getName(), Type.getMethodDescriptor(method),
                true);
    }
}
