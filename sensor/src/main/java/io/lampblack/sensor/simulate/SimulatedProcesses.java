package io.lampblack.sensor.simulate;

import io.lampblack.sensor.simulate.SyntheticHost.RunningProcess;
import java.util.List;

/** The processes of a simulated host, as live response lists, kills and starts them. */
interface SimulatedProcesses {

    /** The processes running now. */
    List<RunningProcess> processes();

    /** Ends the process; false when none has that pid. */
    boolean kill(int pid);

    /** Starts a process; when {@code exits} it has already ended when this returns (a command that was waited on). */
    RunningProcess start(String path, String commandLine, String username, boolean exits);
}
