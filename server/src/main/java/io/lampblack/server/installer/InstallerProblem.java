package io.lampblack.server.installer;

import io.lampblack.server.problem.Problem;

/** Why an installer cannot be made: the sensor's jars or the JDK's tools are missing, or making the runtime failed. */
public final class InstallerProblem extends RuntimeException implements Problem {

    private final Kind kind;
    private final String reason;

    public InstallerProblem(Kind kind, String reason, String message) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    /** This server cannot make the installer at all (its sensor jars or its JDK's tools are missing). */
    static InstallerProblem notAvailable(String message) {
        return new InstallerProblem(Kind.NOT_FOUND, "installer_not_available", message);
    }

    /** Making the installer failed this time. */
    static InstallerProblem unavailable(String message) {
        return new InstallerProblem(Kind.UNAVAILABLE, "installer_not_available", message);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String reason() {
        return reason;
    }
}
