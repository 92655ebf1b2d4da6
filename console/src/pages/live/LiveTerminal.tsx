import { useEffect, useRef, useState } from "react";
import { downloadFile, live, uploadFile, waitForCommand, type LiveSensor, type LrSession } from "../../api/live";
import { Loading } from "../../components/common";
import { platformOf } from "./commandLine";
import { LiveShell, type ShellApi, type ShellHost } from "./shell";
import type { TerminalHandle } from "./xtermHost";

/**
 * The terminal on an active session: xterm.js (loaded with the first terminal opened) driving a {@link LiveShell}.
 * `ended` (why the session is over) stops the shell and says so in the terminal.
 */
export function LiveTerminal({
  session,
  sensor,
  csrfToken,
  ended,
  onCommandDone,
}: {
  session: LrSession;
  sensor: LiveSensor;
  csrfToken: string;
  ended: string | null;
  onCommandDone: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const shellRef = useRef<LiveShell | null>(null);
  const doneRef = useRef(onCommandDone);
  doneRef.current = onCommandDone;
  const [state, setState] = useState<"loading" | "ready" | Error>("loading");

  useEffect(() => {
    let term: TerminalHandle | null = null;
    let gone = false;
    const sid = session.id;
    import("./xtermHost")
      .then(({ createTerminal }) => {
        if (gone || !box.current) return;
        term = createTerminal(box.current, `Live response terminal on ${sensor.computer_name}`);
        const t = term;
        const api: ShellApi = {
          issue: (c) => live.issue(sid, c),
          wait: (cid, signal) => waitForCommand(sid, cid, signal),
          cancel: (cid) => live.cancel(sid, cid),
          contentText: (fid) => live.contentText(sid, fid),
          file: (fid) => live.file(sid, fid),
        };
        const host: ShellHost = {
          write: (text) => t.write(text),
          cols: () => t.cols(),
          clear: () => t.clear(),
          pickFile: (signal) => pickFile(picker.current, signal),
          upload: (file, onProgress, signal) => uploadFile(sid, file, csrfToken, onProgress, signal),
          download: (fid, name) => downloadFile(sid, fid, name),
          commandDone: () => doneRef.current(),
        };
        const shell = new LiveShell(api, host, {
          cwd: session.current_working_directory,
          platform: platformOf(sensor.os_type, session.drives),
          hostname: sensor.computer_name,
          supported: session.supported_commands,
        });
        shellRef.current = shell;
        t.onData((data) => shell.input(data));
        shell.begin();
        t.focus();
        setState("ready");
      })
      .catch((e: unknown) => !gone && setState(e instanceof Error ? e : new Error(String(e))));
    return () => {
      gone = true;
      shellRef.current?.end("terminal closed");
      shellRef.current = null;
      term?.dispose();
    };
    // One terminal per session: a new session gets a new terminal.
  }, [session.id]);

  useEffect(() => {
    if (ended) shellRef.current?.end(ended);
  }, [ended, state]);

  return (
    <div className="live-terminal-wrap">
      {state === "loading" && <Loading label="Starting the terminal" />}
      {state instanceof Error && (
        <p className="error" role="alert">
          The terminal could not start: {state.message}
        </p>
      )}
      <div
        ref={box}
        className="live-terminal"
        role="group"
        aria-label={`Terminal on ${sensor.computer_name}`}
        onClick={() => box.current?.querySelector("textarea")?.focus()}
      />
      <input ref={picker} type="file" className="sr-only" tabIndex={-1} aria-label="File to upload" />
    </div>
  );
}

/** Opens the browser's file picker; resolves with the chosen file, or null when cancelled. */
function pickFile(input: HTMLInputElement | null, signal: AbortSignal): Promise<File | null> {
  if (!input) return Promise.resolve(null);
  return new Promise((resolve) => {
    const finish = (file: File | null) => {
      input.removeEventListener("change", onChange);
      input.removeEventListener("cancel", onCancel);
      signal.removeEventListener("abort", onCancel);
      resolve(file);
    };
    const onChange = () => finish(input.files?.[0] ?? null);
    const onCancel = () => finish(null);
    input.value = "";
    input.addEventListener("change", onChange);
    input.addEventListener("cancel", onCancel);
    signal.addEventListener("abort", onCancel);
    input.click();
  });
}
