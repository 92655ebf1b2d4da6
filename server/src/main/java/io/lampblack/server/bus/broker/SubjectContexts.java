package io.lampblack.server.bus.broker;

import java.security.AccessControlContext;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;
import javax.security.auth.SubjectDomainCombiner;

/**
 * What {@link SubjectShimClassLoader} calls instead of {@code AccessController.doPrivileged(action, context)}.
 *
 * <p>Why: Qpid hands a connection's subject to its IO threads as an {@code AccessControlContext} built with a
 * {@link SubjectDomainCombiner} and runs each frame with {@code doPrivileged(action, thatContext)}. Without the
 * security manager that no longer makes the subject current, so Qpid would not know which connection a frame came
 * from (exclusive queues, for one, are refused). These methods run the action with
 * {@link Subject#callAs} on the combiner's subject, which {@code Subject.current()} (the rewritten
 * {@code getSubject}) then returns.
 */
public final class SubjectContexts {

    private SubjectContexts() {}

    /** Replaces {@code AccessController.doPrivileged(PrivilegedAction, AccessControlContext)}. */
    public static <T> T doPrivileged(PrivilegedAction<T> action, AccessControlContext context) {
        Subject subject = subjectOf(context);
        if (subject == null) return action.run();
        try {
            return Subject.callAs(subject, action::run);
        } catch (CompletionException e) {
            // callAs wraps what the action threw; a PrivilegedAction throws only unchecked exceptions.
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Replaces {@code AccessController.doPrivileged(PrivilegedExceptionAction, AccessControlContext)}. */
    public static <T> T doPrivileged(PrivilegedExceptionAction<T> action, AccessControlContext context)
            throws PrivilegedActionException {
        Subject subject = subjectOf(context);
        try {
            return subject == null ? action.run() : Subject.callAs(subject, action::run);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Exception checked) throw new PrivilegedActionException(checked);
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new PrivilegedActionException(e); // as doPrivileged reports a checked exception of the action
        }
    }

    private static Subject subjectOf(AccessControlContext context) {
        return context != null && context.getDomainCombiner() instanceof SubjectDomainCombiner c
                ? c.getSubject()
                : null;
    }
}
