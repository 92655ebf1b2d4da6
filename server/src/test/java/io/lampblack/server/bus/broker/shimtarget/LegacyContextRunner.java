package io.lampblack.server.bus.broker.shimtarget;

import java.security.AccessControlContext;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.function.Function;
import javax.security.auth.Subject;
import javax.security.auth.SubjectDomainCombiner;

/**
 * Carries a subject in an {@code AccessControlContext} and reads it back inside {@code doPrivileged}, the way Qpid
 * 9.2 hands a connection's subject to its IO threads; only {@code SubjectShimClassLoaderTest} loads it.
 */
@SuppressWarnings("removal")
public final class LegacyContextRunner implements Function<Subject, Object> {

    /** The subject seen inside doPrivileged(action, context-of-subject); with a null subject, a checked failure. */
    @Override
    public Object apply(Subject subject) {
        if (subject == null) {
            try {
                return AccessController.doPrivileged(
                        (PrivilegedExceptionAction<Object>) () -> {
                            throw new java.io.IOException("checked");
                        },
                        AccessController.getContext());
            } catch (PrivilegedActionException e) {
                return e.getException();
            }
        }
        AccessControlContext context =
                new AccessControlContext(AccessController.getContext(), new SubjectDomainCombiner(subject));
        return AccessController.doPrivileged(
                (PrivilegedAction<Subject>) () -> Subject.getSubject(AccessController.getContext()), context);
    }
}
