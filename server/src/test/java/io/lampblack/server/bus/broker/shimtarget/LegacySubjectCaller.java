package io.lampblack.server.bus.broker.shimtarget;

import java.security.AccessController;
import java.util.concurrent.Callable;
import javax.security.auth.Subject;

/** Asks for the current subject the way Qpid 9.2 does; only {@code SubjectShimClassLoaderTest} loads it. */
public final class LegacySubjectCaller implements Callable<Subject> {

    @Override
    @SuppressWarnings("removal")
    public Subject call() {
        return Subject.getSubject(AccessController.getContext());
    }
}
