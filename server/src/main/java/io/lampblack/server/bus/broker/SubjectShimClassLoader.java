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
 * Loads the classes under the given package prefixes itself (child first) and rewrites every
 * {@code Subject.getSubject(AccessControlContext)} call in them into {@code Subject.current()}.
 *
 * <p>Why: Qpid Broker-J 9.2.x asks for the caller's subject with {@code Subject.getSubject}, which throws
 * {@code UnsupportedOperationException} on JDK 23+ now that the security manager is gone. {@code Subject.doAs},
 * which Qpid uses to set the subject, binds it so that {@code Subject.current()} sees it, so swapping the
 * reading side is enough. The context argument is still evaluated (Qpid computes it with
 * {@code AccessController.getContext()}, which still works) and then dropped. Remove this class when Qpid stops
 * calling {@code getSubject}.
 */
public final class SubjectShimClassLoader extends ClassLoader {

    static final ClassDesc SUBJECT = ClassDesc.of("javax.security.auth.Subject");
    private static final String GET_SUBJECT_TYPE = "(Ljava/security/AccessControlContext;)Ljavax/security/auth/Subject;";
    private static final MethodTypeDesc CURRENT_TYPE = MethodTypeDesc.of(SUBJECT);

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

    /** The class with its {@code getSubject} calls rewritten, or the same bytes when it has none. */
    byte[] rewrite(byte[] original) {
        ClassModel model = classFile.parse(original);
        if (!mentionsGetSubject(model)) return original;
        try {
            return classFile.transformClass(model, ClassTransform.transformingMethods(
                    SubjectShimClassLoader::callsGetSubject,
                    MethodTransform.transformingCode((code, element) -> {
                        if (element instanceof InvokeInstruction i && isGetSubject(i)) {
                            code.pop(); // the AccessControlContext: there is no per-context subject any more
                            code.invokestatic(SUBJECT, "current", CURRENT_TYPE);
                        } else {
                            code.with(element);
                        }
                    })));
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("cannot rewrite " + model.thisClass().asInternalName(), e));
        }
    }

    private static boolean mentionsGetSubject(ClassModel model) {
        for (var entry : model.constantPool()) {
            if (entry instanceof MethodRefEntry m && m.owner().asSymbol().equals(SUBJECT)
                    && m.name().equalsString("getSubject") && m.type().equalsString(GET_SUBJECT_TYPE)) return true;
        }
        return false;
    }

    private static boolean callsGetSubject(MethodModel method) {
        return method.code().map(SubjectShimClassLoader::callsGetSubject).orElse(false);
    }

    private static boolean callsGetSubject(CodeModel code) {
        for (var e : code) if (e instanceof InvokeInstruction i && isGetSubject(i)) return true;
        return false;
    }

    private static boolean isGetSubject(InvokeInstruction i) {
        return i.owner().asSymbol().equals(SUBJECT) && i.name().equalsString("getSubject")
                && i.type().equalsString(GET_SUBJECT_TYPE);
    }
}
