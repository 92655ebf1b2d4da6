package io.lampblack.sensor.liveresponse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether a running command was cancelled (by the analyst, or because its session closed), and what to undo at
 * once when it is: a child process to kill, for example, which interrupting the command's thread would not stop.
 */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    /** Runs {@code hook} when the command is cancelled (at once if it already was). */
    public void onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) hook.run();
    }

    public void cancel() {
        cancelled = true;
        for (Runnable hook : hooks) hook.run();
    }

    public boolean cancelled() {
        return cancelled;
    }
}
