// The live-response shell: keys in (from the terminal), commands to the session, results out as text. It knows no
// xterm and no fetch: the terminal and the API are handed in, so the whole interaction is unit-tested with fakes.
import type { CommandRequest, LrCommand, LrFile } from "../../api/live";
import { formatBytes } from "../../components/format";
import {
  asDirectory,
  baseName,
  joinPath,
  parseLine,
  ParseError,
  resolvePath,
  scratchPath,
  type Platform,
} from "./commandLine";
import { drawPrompt, freshLine, handleInput, newEditor, type EditorState } from "./lineEditor";
import {
  ansi,
  printable,
  numText,
  printableOutput,
  renderCommandError,
  renderDirectory,
  renderFailure,
  renderHelp,
  renderProcesses,
  toTerminal,
} from "./render";

/** The session's API, bound to one session. */
export interface ShellApi {
  issue(command: CommandRequest): Promise<LrCommand>;
  /** Resolves once the command is no longer pending. */
  wait(commandId: number, signal: AbortSignal): Promise<LrCommand>;
  cancel(commandId: number): Promise<unknown>;
  contentText(fileId: number): Promise<string>;
  file(fileId: number): Promise<LrFile>;
}

/** What the shell needs from the page around it. */
export interface ShellHost {
  write(text: string): void;
  cols(): number;
  clear(): void;
  /** Opens the browser's file picker; null when the analyst chose nothing (or the signal aborted). */
  pickFile(signal: AbortSignal): Promise<File | null>;
  upload(file: File, onProgress: (sent: number, total: number) => void, signal: AbortSignal): Promise<LrFile>;
  /** Fetches the session's file and hands it to the browser to save. */
  download(fileId: number, name: string): Promise<void>;
  /** A command finished (the commands history is out of date). */
  commandDone(): void;
}

export interface ShellStart {
  cwd: string;
  platform: Platform;
  hostname: string;
  /** The session's supported_commands: a command the sensor does not offer is not sent. */
  supported: string[];
}

/** A command the sensor answered with an error (printed with its result code). */
class CommandFailed extends Error {
  constructor(readonly command: LrCommand) {
    super(command.result_desc ?? "command failed");
  }
}

class Cancelled extends Error {}

const RUNNING = ansi.dim("running… (Ctrl-C to cancel)");
const ERASE_LINE = "\r\x1b[2K";

export class LiveShell {
  private editor: EditorState;
  private mode: "idle" | "running" | "asking" = "idle";
  private answer: ((line: string | null) => void) | null = null;
  private abort: AbortController | null = null;
  private commandId: number | null = null;
  private closed = false;
  private typeAhead = "";
  cwd: string;
  readonly platform: Platform;

  constructor(
    private readonly api: ShellApi,
    private readonly host: ShellHost,
    private readonly start: ShellStart,
  ) {
    this.cwd = start.cwd || (start.platform === "windows" ? "C:\\" : "/");
    this.platform = start.platform;
    this.editor = newEditor(this.prompt());
  }

  prompt(): string {
    return `${ansi.green(printable(this.start.hostname))} ${ansi.blue(printable(this.cwd))}> `;
  }

  get busy(): boolean {
    return this.mode === "running";
  }

  /** The banner and the first prompt. */
  begin() {
    this.host.write(
      toTerminal(
        `${ansi.bold("Live response")} on ${printable(this.start.hostname)}. Type ${ansi.bold("help")} for the commands.\n`,
      ),
    );
    this.host.write(drawPrompt(this.editor));
  }

  /** The session ended under the shell: nothing more is sent. */
  end(reason: string) {
    if (this.closed) return;
    this.closed = true;
    this.abort?.abort();
    this.host.write(ERASE_LINE + ansi.yellow(printable(reason)) + "\r\n");
  }

  /** Keys from the terminal. */
  input(data: string) {
    if (this.closed) return;
    if (this.mode === "running") {
      // Ctrl-C cancels; anything else typed meanwhile waits for the prompt (type-ahead), as in a shell.
      if (data.includes("\x03")) {
        this.typeAhead = "";
        this.interrupt();
      } else {
        this.typeAhead += data;
      }
      return;
    }
    const r = handleInput(this.editor, data, this.host.cols());
    this.host.write(r.output);
    this.editor = r.state;
    const event = r.event;
    if (!event) return;
    if (event.kind === "clear") {
      this.host.clear();
      this.editor = { ...this.editor, cursor: this.editor.buffer.length };
      this.host.write(drawPrompt(this.editor));
      return;
    }
    if (this.mode === "asking") {
      const reply = this.answer;
      this.answer = null;
      this.mode = "running";
      reply?.(event.kind === "submit" ? event.line : null);
      return;
    }
    if (event.kind === "interrupt") {
      this.newPrompt();
      return;
    }
    void this.execute(event.line);
  }

  /** Ctrl-C while a command runs: the server cancels it, and the shell stops waiting at once. */
  interrupt() {
    if (this.commandId !== null) {
      const id = this.commandId;
      this.api.cancel(id).catch(() => undefined);
    }
    this.abort?.abort();
  }

  private newPrompt() {
    this.editor = freshLine(this.editor, this.prompt());
    this.host.write(drawPrompt(this.editor));
  }

  /** Runs one line: the returned promise settles once its output is written and the prompt is back. */
  async execute(line: string): Promise<void> {
    this.mode = "running";
    this.abort = new AbortController();
    try {
      await this.dispatch(line, this.abort.signal);
    } catch (e) {
      this.host.write(ERASE_LINE);
      if (e instanceof Cancelled || this.abort.signal.aborted) this.host.write(ansi.yellow("^C cancelled") + "\r\n");
      else if (e instanceof CommandFailed) this.host.write(renderCommandError(e.command) + "\r\n");
      else if (e instanceof ParseError) this.host.write(ansi.red(printable(e.message)) + "\r\n");
      else this.host.write(renderFailure(e) + "\r\n");
    } finally {
      this.abort = null;
      this.commandId = null;
      this.mode = "idle";
      if (!this.closed) {
        this.newPrompt();
        const ahead = this.typeAhead;
        this.typeAhead = "";
        if (ahead) this.input(ahead);
      }
    }
  }

  private print(lines: string[] | string) {
    const all = Array.isArray(lines) ? lines : [lines];
    this.host.write(all.map((l) => toTerminal(l) + "\r\n").join(""));
  }

  private supports(name: string) {
    return this.start.supported.length === 0 || this.start.supported.includes(name);
  }

  /** Issues a command and waits for it; an error or a cancel becomes an exception. */
  private async command(request: CommandRequest, signal: AbortSignal): Promise<LrCommand> {
    if (!this.supports(request.name)) throw new Error(`this sensor does not offer '${request.name}'`);
    if (signal.aborted) throw new Cancelled();
    this.host.write(RUNNING);
    try {
      const issued = await this.api.issue(request);
      this.commandId = issued.id;
      if (signal.aborted) {
        this.api.cancel(issued.id).catch(() => undefined);
        throw new Cancelled();
      }
      const done = await this.api.wait(issued.id, signal);
      this.commandId = null;
      // The POST's reply is where get file and memdump name their file.
      const result = { ...done, file_id: done.file_id ?? issued.file_id };
      if (result.status === "error") throw new CommandFailed(result);
      if (result.status === "cancel") throw new Cancelled();
      return result;
    } catch (e) {
      if (signal.aborted) throw new Cancelled();
      throw e;
    } finally {
      this.host.write(ERASE_LINE);
      this.host.commandDone();
    }
  }

  private path(arg: string | undefined): string {
    return arg === undefined ? this.cwd : resolvePath(this.cwd, arg, this.platform);
  }

  /** A question in the middle of a command (the prompt shows it; Enter answers, Ctrl-C answers null). */
  private ask(question: string): Promise<string | null> {
    const history = this.editor.history;
    return new Promise((resolve) => {
      this.mode = "asking";
      this.editor = freshLine(this.editor, question);
      this.host.write(drawPrompt(this.editor));
      this.answer = (line) => {
        // an answer is not a command: it stays out of the history
        this.editor = { ...this.editor, history };
        resolve(line);
      };
    });
  }

  private async dispatch(line: string, signal: AbortSignal) {
    const { name, args, rest } = parseLine(line, this.platform);
    const usage = (text: string) => this.print(ansi.red(`usage: ${text}`));
    switch (name) {
      case "":
        return;
      case "help":
        this.print(renderHelp());
        return;
      case "clear":
      case "cls":
        this.host.clear();
        return;
      case "pwd":
        this.print(printable(this.cwd));
        return;
      case "ls":
      case "dir": {
        if (args.length > 1) return usage("ls [DIR]");
        const dir = this.path(args[0]);
        const c = await this.command({ name: "directory list", object: asDirectory(dir, this.platform) }, signal);
        this.print(renderDirectory(dir, c.files ?? []));
        return;
      }
      case "cd": {
        if (args.length !== 1) return usage("cd DIR");
        const dir = this.path(args[0]);
        // The sensor keeps no working directory for the console: a directory that lists is one to be in.
        await this.command({ name: "directory list", object: asDirectory(dir, this.platform) }, signal);
        this.cwd = dir;
        return;
      }
      case "get": {
        if (args.length !== 1) return usage("get FILE");
        const file = this.path(args[0]);
        const c = await this.command({ name: "get file", object: file }, signal);
        if (c.file_id === undefined) throw new Error("the server named no file for the download");
        this.host.write(ansi.dim("downloading…"));
        await this.host.download(c.file_id, baseName(file, this.platform));
        this.host.write(ERASE_LINE);
        this.print(ansi.green(printable(`${file}: downloaded as ${baseName(file, this.platform)}`)));
        return;
      }
      case "put":
        return this.put(args, signal);
      case "ps": {
        if (args.length > 0) return usage("ps");
        const c = await this.command({ name: "process list" }, signal);
        this.print(renderProcesses(c.processes ?? [], this.host.cols()));
        return;
      }
      case "kill": {
        if (args.length !== 1 || !/^\d+$/.test(args[0])) return usage("kill PID");
        await this.command({ name: "kill", object: args[0] }, signal);
        this.print(ansi.green(`process ${args[0]} ended`));
        return;
      }
      case "exec":
        if (!rest) return usage("exec CMDLINE");
        return this.exec(rest, signal);
      case "memdump":
        if (args.length > 1 || (args.length === 1 && !/^\d+$/.test(args[0]))) return usage("memdump [PID]");
        return this.memdump(args[0], signal);
      default:
        this.print(ansi.red(`unknown command '${printable(name)}' (help lists the commands)`));
    }
  }

  private async put(args: string[], signal: AbortSignal) {
    if (args.length > 1) return this.print(ansi.red("usage: put [DIR]"));
    const dir = this.path(args[0]);
    if (!this.supports("put file")) throw new Error("this sensor does not offer 'put file'");
    this.host.write(ansi.dim(`choose a file to upload into ${printable(dir)} (Ctrl-C to cancel)`));
    const file = await this.host.pickFile(signal);
    this.host.write(ERASE_LINE);
    if (!file) throw new Cancelled();
    const progress = (sent: number, total: number) => {
      const pct = total > 0 ? Math.floor((sent / total) * 100) : 100;
      this.host.write(`${ERASE_LINE}uploading ${printable(file.name)}: ${pct}% (${formatBytes(sent)} of ${formatBytes(total)})`);
    };
    progress(0, file.size);
    const stored = await this.host.upload(file, progress, signal);
    this.host.write(ERASE_LINE);
    const target = joinPath(dir, file.name, this.platform);
    await this.command({ name: "put file", object: target, file_id: stored.id }, signal);
    this.print(ansi.green(printable(`${file.name} (${formatBytes(file.size)}) written to ${target}`)));
  }

  /** cbapi's create_process with output: run and wait, read the output file back, then delete it on the host. */
  private async exec(commandLine: string, signal: AbortSignal) {
    const output = scratchPath(this.platform, "lampblack-exec", ".txt");
    const run = await this.command(
      { name: "create process", object: commandLine, wait: true, output_file: output, working_directory: this.cwd },
      signal,
    );
    const fetched = await this.command({ name: "get file", object: output }, signal);
    this.api.issue({ name: "delete file", object: output }).catch(() => undefined);
    const text = fetched.file_id !== undefined ? await this.api.contentText(fetched.file_id) : "";
    const shown = printableOutput(text);
    if (shown) this.host.write(toTerminal(shown.endsWith("\n") ? shown : shown + "\n"));
    const code = run.return_code !== undefined ? `exit code ${numText(run.return_code)}` : "started";
    this.print(ansi.dim(`pid ${run.pid === undefined ? "?" : numText(run.pid)}, ${code}`));
  }

  /** A memory dump into the host's temp directory; the server keeps its content, then the browser may download it. */
  private async memdump(pid: string | undefined, signal: AbortSignal) {
    const dump = scratchPath(this.platform, "lampblack-memdump", this.platform === "windows" ? ".dmp" : ".core");
    const request: CommandRequest = { name: "memdump", object: dump };
    if (pid) request.pid = Number(pid);
    const c = await this.command(request, signal);
    // The content is on the server now; the host need not keep a dump the size of its memory.
    this.api.issue({ name: "delete file", object: dump }).catch(() => undefined);
    if (c.file_id === undefined) {
      this.print(ansi.green(`memory dumped to ${dump}; get it with: get ${dump}`));
      return;
    }
    const info = await this.api.file(c.file_id).catch(() => null);
    const size = info?.size !== undefined ? ` (${formatBytes(info.size)})` : "";
    const reply = await this.ask(`memory dump ready${size}. Download ${baseName(dump, this.platform)} now? [Y/n] `);
    if (reply === null || /^\s*n/i.test(reply)) {
      this.print(ansi.dim("kept on the server with the session's files (the session archive holds it)"));
      return;
    }
    this.host.write(ansi.dim("downloading…"));
    await this.host.download(c.file_id, baseName(dump, this.platform));
    this.host.write(ERASE_LINE);
    this.print(ansi.green(`downloaded ${baseName(dump, this.platform)}`));
  }
}
