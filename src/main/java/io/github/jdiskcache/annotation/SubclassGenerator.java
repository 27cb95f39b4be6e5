package io.github.jdiskcache.annotation;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A subclass of the application's class that overrides its annotated methods; the original body
 * runs through {@code invokespecial} ({@code super.m(...)}). Each non-private constructor of the
 * class gets a twin taking the interceptors first:
 * <pre>{@code
 * Generated(CacheInterceptor[] interceptors, A a, B b) {
 *     this.jdiskcache$interceptors = interceptors;   // before super(...)
 *     super(a, b);
 * }
 * }</pre>
 * The field is set before the superclass constructor runs (the JVM allows this for a class's own
 * fields), so annotated methods that constructor calls are intercepted too.
 */
final class SubclassGenerator extends InterceptingClassGenerator {
    private final Class<?> superclass;
    private final String superName;

    private SubclassGenerator(String className, Class<?> superclass) {
        super(className);
        this.superclass = superclass;
        this.superName = Type.getInternalName(superclass);
    }

    static byte[] generate(String className, Class<?> superclass, List<Method> intercepted) {
        return new SubclassGenerator(className, superclass).generate(superclass, new Class<?>[0], intercepted);
    }

    /** The constructors a generated subclass has twins of, i.e. those it may call. */
    static List<Constructor<?>> inheritableConstructors(Class<?> type) {
        return Arrays.stream(type.getDeclaredConstructors())
                .filter(constructor -> !Modifier.isPrivate(constructor.getModifiers())).toList();
    }

    /** The twin's parameter types: the interceptors, then those of the superclass constructor. */
    static Class<?>[] twinParameterTypes(Constructor<?> constructor) {
        return Stream.concat(Stream.of(CacheInterceptor[].class), Arrays.stream(constructor.getParameterTypes()))
                .toArray(Class<?>[]::new);
    }

    @Override
    void addMembers() {
        for (Constructor<?> constructor : inheritableConstructors(superclass)) {
            writeTwin(constructor);
        }
    }

    private void writeTwin(Constructor<?> constructor) {
        Type[] parameters = Arrays.stream(twinParameterTypes(constructor)).map(Type::getType).toArray(Type[]::new);
        String[] exceptions = Arrays.stream(constructor.getExceptionTypes()).map(Type::getInternalName)
                .toArray(String[]::new);
        MethodVisitor code = writer.visitMethod(0, "<init>", Type.getMethodDescriptor(Type.VOID_TYPE, parameters),
                null, exceptions);
        code.visitCode();
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 1);
        code.visitFieldInsn(Opcodes.PUTFIELD, className, INTERCEPTORS_FIELD, INTERCEPTORS_DESCRIPTOR);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        Bytecode.loadParameters(code, constructor.getParameterTypes(), 2);
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", Type.getConstructorDescriptor(constructor),
                false);
        code.visitInsn(Opcodes.RETURN);
        code.visitMaxs(0, 0);
        code.visitEnd();
    }

    @Override
    void loadOriginalReceiver(MethodVisitor code) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
    }

    @Override
    void invokeOriginal(MethodVisitor code, Method method) {
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, method.getName(), Type.getMethodDescriptor(method),
                false);
    }
}
