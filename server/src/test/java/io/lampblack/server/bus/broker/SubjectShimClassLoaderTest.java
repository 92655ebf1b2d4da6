package io.lampblack.server.bus.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lampblack.server.bus.broker.shimtarget.LegacyContextRunner;
import io.lampblack.server.bus.broker.shimtarget.LegacySubjectCaller;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.security.auth.Subject;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class SubjectShimClassLoaderTest {

    private static final String TARGET = LegacySubjectCaller.class.getName();

    private static SubjectShimClassLoader shim() {
        return new SubjectShimClassLoader(
                SubjectShimClassLoaderTest.class.getClassLoader(),
                List.of("io.lampblack.server.bus.broker.shimtarget."));
    }

    @Test
    void unrewrittenCallFailsOnThisJdk() {
        // The reason the shim exists: if this ever passes, Qpid may run without it.
        assertThrows(UnsupportedOperationException.class, () -> new LegacySubjectCaller().call());
    }

    @Test
    void rewrittenClassSeesTheSubjectOfCallAs() throws Exception {
        Class<?> c = shim().loadClass(TARGET);
        assertNotSame(LegacySubjectCaller.class, c, "defined by the shim, not by the test's loader");
        @SuppressWarnings("unchecked")
        Callable<Subject> caller = (Callable<Subject>) c.getConstructor().newInstance();
        Subject s = subject();
        assertSame(s, Subject.callAs(s, caller));
        assertNull(caller.call(), "no subject outside callAs");
    }

    @Test
    void subjectCarriedInAContextIsCurrentInsideDoPrivileged() throws Exception {
        Subject s = subject();
        assertThrows(UnsupportedOperationException.class, () -> new LegacyContextRunner().apply(s));
        @SuppressWarnings("unchecked")
        Function<Subject, Object> runner =
                (Function<Subject, Object>) shim().loadClass(LegacyContextRunner.class.getName())
                        .getConstructor()
                        .newInstance();
        assertSame(s, runner.apply(s));
        // A context without a subject runs the action as it is, and a checked failure arrives as doPrivileged's.
        assertInstanceOf(java.io.IOException.class, runner.apply(null));
    }

    @Test
    void rewriteReplacesExactlyTheGetSubjectCall() throws Exception {
        byte[] rewritten = shim().rewrite(classBytes(LegacySubjectCaller.class));
        List<String> calls = new ArrayList<>();
        for (var m : ClassFile.of().parse(rewritten).methods()) {
            m.code()
                    .ifPresent(code -> code.forEach(e -> {
                        if (e instanceof InvokeInstruction i)
                            calls.add(
                                    i.owner().asInternalName() + "." + i.name().stringValue());
                    }));
        }
        // The context is still computed (harmless), then dropped; nothing else changes.
        assertEquals(
                List.of(
                        "java/lang/Object.<init>",
                        "java/security/AccessController.getContext",
                        "javax/security/auth/Subject.current",
                        TARGET.replace('.', '/') + ".call"),
                calls);
    }

    @Test
    void classesWithoutTheCallAreLeftByteForByte() throws Exception {
        byte[] original = classBytes(BrokerUsers.class);
        assertArrayEquals(original, shim().rewrite(original));
    }

    @Test
    void classesOutsideThePrefixesComeFromTheParent() throws Exception {
        assertSame(BrokerSpec.class, shim().loadClass(BrokerSpec.class.getName()));
    }

    private static Subject subject() {
        return new Subject(true, Set.of(new X500Principal("CN=test")), Set.of(), Set.of());
    }

    private static byte[] classBytes(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
