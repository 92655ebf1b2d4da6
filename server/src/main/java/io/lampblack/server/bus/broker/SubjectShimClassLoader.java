package io.lampblack.server.bus.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.constantpool.MethodRefEntry;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.List;

/**
 * Loads the classes under the given package prefixes itself (child first) and rewrites, in them, the two
 * subject calls that stopped working with the security manager's removal:
 * <ul>
 *   <li>{@code Subject.getSubject(AccessControlContext)} → {@code Subject.current()}. Qpid Broker-J 9.2.x asks for
 *   the caller's subject this way, and it throws {@code UnsupportedOperationException} on JDK 23+. The context
 *   argument is still evaluated ({@code AccessController.getContext()} still works) and then dropped.</li>
 *   <li>{@code AccessController.doPrivileged(action, AccessControlContext)} → {@link SubjectContexts}, which makes
 *   the context's subject current, as the security manager's domain combiner did. Qpid carries a connection's
 *   subject to its IO threads this way.</li>
 * </ul>
 * {@code Subject.doAs}, the other way Qpid sets a subject, already binds it for {@code Subject.current()} on JDK
 * 23+. These are exactly the calls Qpid 9.2.1's jars make ({@code javap -c}); remove this class when Qpid stops.
 */
public final class SubjectShimClassLoader extends ClassLoader {

    static final ClassDesc SUBJECT = ClassDesc.of("javax.security.auth.Subject");
    private static final String GET_SUBJECT_TYPE =
            "(Ljava/security/AccessControlContext;)Ljavax/security/auth/Subject;";
    private static final MethodTypeDesc CURRENT_TYPE = MethodTypeDesc.of(SUBJECT);
    private static final ClassDesc ACCESS_CONTROLLER = ClassDesc.of("java.security.AccessController");
    private static final ClassDesc CONTEXTS = ClassDesc.of(SubjectContexts.class.getName());
    private static final String DO_PRIVILEGED_ACTION =
            "(Ljava/security/PrivilegedAction;Ljava/security/AccessControlContext;)Ljava/lang/Object;";
    private static final String DO_PRIVILEGED_EXCEPTION_ACTION =
            "(Ljava/security/PrivilegedExceptionAction;Ljava/security/AccessControlContext;)Ljava/lang/Object;";

    static {
        registerAsParallelCapable();
    }

    private final List<String> prefixes;
    private final ClassFile classFile;

    /** @param prefixes class name prefixes (such as {@code "org.apache.qpid."}) this loader defines itself */
    public SubjectShimClassLoader(ClassLoader parent, List<String> prefixes) {
        super("subject-shim", parent);
        this.prefixes = List.copyOf(prefixes);
        // Stack maps of rewritten methods are regenerated; their type hierarchy is read from the parent's class files.
        this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(parent))));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isolated(name)) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) c = findClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!isolated(name)) throw new ClassNotFoundException(name);
        byte[] original;
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) throw new ClassNotFoundException(name);
            original = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        byte[] bytes = rewrite(original);
        return defineClass(name, bytes, 0, bytes.length);
    }

    private boolean isolated(String name) {
        for (String p : prefixes) if (name.startsWith(p)) return true;
        return false;
    }

    /** The class with its subject calls rewritten, or the same bytes when it has none. */
    byte[] rewrite(byte[] original) {
        ClassModel model = classFile.parse(original);
        if (!mentionsTarget(model)) return original;
        try {
            return classFile.transformClass(
                    model,
                    ClassTransform.transformingMethods(
                            SubjectShimClassLoader::callsTarget, MethodTransform.transformingCode((code, element) -> {
                                if (element instanceof InvokeInstruction i && isGetSubject(i)) {
                                    code.pop(); // the AccessControlContext: there is no per-context subject any more
                                    code.invokestatic(SUBJECT, "current", CURRENT_TYPE);
                                } else if (element instanceof InvokeInstruction i && isDoPrivilegedWithContext(i)) {
                                    // Same arguments, same result type: only the owner changes.
                                    code.invokestatic(CONTEXTS, "doPrivileged", i.typeSymbol());
                                } else {
                                    code.with(element);
                                }
                            })));
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(
                    new IOException("cannot rewrite " + model.thisClass().asInternalName(), e));
        }
    }

    private static boolean mentionsTarget(ClassModel model) {
        for (var entry : model.constantPool()) {
            if (entry instanceof MethodRefEntry m
                    && isTarget(
                            m.owner().asSymbol(),
                            m.name().stringValue(),
                            m.type().stringValue())) return true;
        }
        return false;
    }

    private static boolean callsTarget(MethodModel method) {
        return method.code().map(SubjectShimClassLoader::callsTarget).orElse(false);
    }

    private static boolean callsTarget(CodeModel code) {
        for (var e : code)
            if (e instanceof InvokeInstruction i && (isGetSubject(i) || isDoPrivilegedWithContext(i))) return true;
        return false;
    }

    private static boolean isTarget(ClassDesc owner, String name, String type) {
        return owner.equals(SUBJECT) && name.equals("getSubject") && type.equals(GET_SUBJECT_TYPE)
                || owner.equals(ACCESS_CONTROLLER)
                        && name.equals("doPrivileged")
                        && (type.equals(DO_PRIVILEGED_ACTION) || type.equals(DO_PRIVILEGED_EXCEPTION_ACTION));
    }

    private static boolean isGetSubject(InvokeInstruction i) {
        return i.owner().asSymbol().equals(SUBJECT)
                && i.name().equalsString("getSubject")
                && i.type().equalsString(GET_SUBJECT_TYPE);
    }

    private static boolean isDoPrivilegedWithContext(InvokeInstruction i) {
        return i.opcode() == java.lang.classfile.Opcode.INVOKESTATIC
                && i.owner().asSymbol().equals(ACCESS_CONTROLLER)
                && i.name().equalsString("doPrivileged")
                && (i.type().equalsString(DO_PRIVILEGED_ACTION)
                        || i.type().equalsString(DO_PRIVILEGED_EXCEPTION_ACTION));
    }
}
