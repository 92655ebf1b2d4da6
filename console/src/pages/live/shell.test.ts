import { ApiError } from "../../api/client";
import type { CommandRequest, LrCommand, LrFile } from "../../api/live";
import { LiveShell, type ShellApi, type ShellHost } from "./shell";
import { Screen } from "./screen.testkit";

/** A file of session 1 as the server describes it (LiveResponseFileDocument), complete. */
const fileDoc = (id: number, size: number): LrFile => ({ id, session_id: 1, file_name: `file-${id}`, status: 0, size, size_uploaded: size, delete: false });

type Answer = Partial<LrCommand> | ((req: CommandRequest) => Partial<LrCommand>);

/** A session whose commands are answered from a script, and a terminal screen showing what the analyst sees. */
function setup(opts: { supported?: string[]; platform?: "windows" | "posix"; cwd?: string; hostname?: string; output?: string } = {}) {
  const screen = new Screen(100);
  /** Everything written to the terminal, as written. */
  let raw = "";
  const issued: CommandRequest[] = [];
  const answers = new Map<string, Answer>();
  const cancelled: number[] = [];
  const downloads: [number, string][] = [];
  const uploads: File[] = [];
  let picked: File | null = null;
  let failDownload: Error | null = null;
  let hold: Promise<void> | null = null;
  let done = 0;
  const results = new Map<number, LrCommand>();

  const api: ShellApi = {
    async issue(req) {
      issued.push(req);
      const id = issued.length;
      const answer = answers.get(req.name) ?? {};
      const result = typeof answer === "function" ? answer(req) : answer;
      const c = { id, session_id: 1, sensor_id: 6, name: req.name, object: req.object ?? null, create_time: 1, status: "complete", ...result } as LrCommand;
      if (c.status === ("refuse" as string)) throw new ApiError(404, "session_not_found", "Session 1 not found");
      results.set(id, c);
      return { ...c, status: "pending" };
    },
    async wait(id, signal) {
      if (hold) {
        await Promise.race([hold, new Promise((_, reject) => signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))))]);
      }
      return results.get(id)!;
    },
    async cancel(id) {
      cancelled.push(id);
      return {};
    },
    async contentText(fid) {
      return opts.output ?? `output of file ${fid}\nsecond line`;
    },
    async file(fid): Promise<LrFile> {
      return fileDoc(fid, 64 * 1024 * 1024);
    },
  };
  const host: ShellHost = {
    write: (t) => {
      raw += t;
      screen.write(t);
    },
    cols: () => 100,
    clear: () => screen.write("\x1b[H\x1b[2J"),
    pickFile: async () => picked,
    upload: async (file, onProgress) => {
      uploads.push(file);
      onProgress(file.size / 2, file.size);
      onProgress(file.size, file.size);
      return fileDoc(42, file.size);
    },
    download: async (fid, name) => {
      if (failDownload) throw failDownload;
      downloads.push([fid, name]);
    },
    commandDone: () => done++,
  };
  const shell = new LiveShell(api, host, {
    cwd: opts.cwd ?? "C:\\Windows\\system32",
    platform: opts.platform ?? "windows",
    hostname: opts.hostname ?? "SIM-WIN10",
    supported: opts.supported ?? [],
  });
  shell.begin();
  return {
    shell,
    screen,
    raw: () => raw,
    issued,
    answers,
    cancelled,
    downloads,
    uploads,
    done: () => done,
    pick: (f: File | null) => (picked = f),
    failDownloads: (e: Error) => (failDownload = e),
    holdCommands: () => {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
    /** Types a line and waits until the prompt is back. */
    async run(line: string) {
      shell.input(line + "\r");
      await settle(shell);
    },
  };
}

async function settle(shell: LiveShell) {
  for (let i = 0; i < 50 && shell.busy; i++) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
}

const dirEntry = (filename: string, dir = false) => ({ filename, attributes: [dir ? "DIRECTORY" : "ARCHIVE"], size: 10, last_write_time: 1697524788 });

describe("the live-response shell", () => {
  it("lists a directory: the sensor is asked for its contents and the names are printed", async () => {
    const t = setup();
    t.answers.set("directory list", { files: [dirEntry(".", true), dirEntry("drivers", true), dirEntry("notepad.exe")] });
    await t.run("ls");
    expect(t.issued).toEqual([{ name: "directory list", object: "C:\\Windows\\system32\\" }]);
    const text = t.screen.text();
    expect(text).toContain("Directory of C:\\Windows\\system32");
    expect(text).toMatch(/<DIR> +drivers/);
    expect(text).toMatch(/10 +notepad\.exe/);
    expect(text).not.toContain("running…");
    expect(t.screen.lines().at(-1)).toBe("SIM-WIN10 C:\\Windows\\system32>");
    expect(t.done()).toBe(1);
  });

  it("changes directory only to one that lists, and says why not in red with the result code", async () => {
    const t = setup();
    await t.run("cd ..\\Temp");
    expect(t.issued[0]).toEqual({ name: "directory list", object: "C:\\Windows\\Temp\\" });
    expect(t.shell.cwd).toBe("C:\\Windows\\Temp");
    t.answers.set("directory list", { status: "error", result_code: 2147942403, result_desc: "path not found" });
    await t.run('cd "C:\\No Such\\"');
    expect(t.shell.cwd).toBe("C:\\Windows\\Temp");
    expect(t.screen.text()).toContain("error 0x80070003: path not found (directory list C:\\No Such\\)");
    await t.run("pwd");
    expect(t.screen.lines().slice(-2)).toEqual(["C:\\Windows\\Temp", "SIM-WIN10 C:\\Windows\\Temp>"]);
  });

  it("prints the process list as a table", async () => {
    const t = setup();
    t.answers.set("process list", { processes: [{ pid: 1044, parent: 4, username: "alice", command_line: "svchost.exe -k" }, { pid: 4, parent: 0, username: "SYSTEM", path: "System" }] });
    await t.run("ps");
    expect(t.issued).toEqual([{ name: "process list" }]);
    const lines = t.screen.lines();
    const header = lines.findIndex((l) => /PID +PPID USER +COMMAND/.test(l));
    expect(lines[header + 1]).toMatch(/^ +4 +0 SYSTEM +System$/);
    expect(lines[header + 2]).toMatch(/^ +1044 +4 alice +svchost\.exe -k$/);
  });

  it("downloads a file it got, named after the remote file", async () => {
    const t = setup();
    t.answers.set("get file", { file_id: 7 });
    await t.run("get ..\\win.ini");
    expect(t.issued).toEqual([{ name: "get file", object: "C:\\Windows\\win.ini" }]);
    expect(t.downloads).toEqual([[7, "win.ini"]]);
  });

  it("says why a download failed", async () => {
    const t = setup();
    t.answers.set("get file", { file_id: 7 });
    t.failDownloads(new ApiError(404, "file_not_found", "File 7 not found"));
    await t.run("get C:\\win.ini");
    expect(t.screen.text()).toContain("HTTP 404 file_not_found: File 7 not found");
    expect(t.screen.text()).not.toContain("downloaded as");
  });

  it("uploads a chosen file with progress, then puts it into the directory", async () => {
    const t = setup();
    t.pick(new File(["x".repeat(2048)], "tool.exe"));
    await t.run("put C:\\Temp");
    expect(t.uploads.map((f) => f.name)).toEqual(["tool.exe"]);
    expect(t.issued).toEqual([{ name: "put file", object: "C:\\Temp\\tool.exe", file_id: 42 }]);
    expect(t.screen.text()).toContain("tool.exe (2.0 KiB) written to C:\\Temp\\tool.exe");
  });

  it("says so when no file was chosen for put", async () => {
    const t = setup();
    t.pick(null);
    await t.run("put");
    expect(t.issued).toEqual([]);
    expect(t.screen.text()).toContain("^C cancelled");
  });

  it("runs a program with its output written to a scratch file, prints the output and deletes the file", async () => {
    const t = setup();
    t.answers.set("create process", { pid: 1212, return_code: 0 });
    t.answers.set("get file", { file_id: 3 });
    await t.run('exec cmd.exe /c "dir C:\\"');
    const [run, get, del] = t.issued;
    expect(run).toMatchObject({ name: "create process", object: 'cmd.exe /c "dir C:\\"', wait: true, working_directory: "C:\\Windows\\system32" });
    expect(String(run.output_file)).toMatch(/^C:\\Windows\\Temp\\lampblack-exec-.*\.txt$/);
    expect(get).toEqual({ name: "get file", object: run.output_file });
    expect(del).toEqual({ name: "delete file", object: run.output_file });
    expect(t.screen.text()).toContain("output of file 3\nsecond line\npid 1212, exit code 0");
  });

  it("dumps memory, deletes the dump on the host and offers the download", async () => {
    const t = setup({ platform: "posix", cwd: "/" });
    t.answers.set("memdump", { file_id: 9 });
    t.shell.input("memdump 1234\r");
    await new Promise((r) => setTimeout(r, 10));
    expect(t.issued[0]).toMatchObject({ name: "memdump", pid: 1234 });
    expect(String(t.issued[0].object)).toMatch(/^\/tmp\/lampblack-memdump-.*\.core$/);
    expect(t.issued[1]).toEqual({ name: "delete file", object: t.issued[0].object });
    expect(t.screen.lines().at(-1)).toMatch(/memory dump ready \(64\.0 MiB\)\. Download lampblack-memdump-.*\.core now\? \[Y\/n\]$/);
    t.shell.input("\r");
    await settle(t.shell);
    expect(t.downloads).toEqual([[9, String(t.issued[0].object).slice(5)]]);
    // the answer is not kept as a command
    t.shell.input("\x1b[A");
    expect(t.screen.lines().at(-1)).toBe("SIM-WIN10 /> memdump 1234");
  });

  it("cancels a running command with Ctrl-C and gives the prompt back at once", async () => {
    const t = setup();
    const release = t.holdCommands();
    t.shell.input("ls C:\\\r");
    await new Promise((r) => setTimeout(r, 0));
    expect(t.shell.busy).toBe(true);
    expect(t.screen.lines().at(-1)).toBe("running… (Ctrl-C to cancel)");
    t.shell.input("typed while running");
    t.shell.input("\x03");
    await settle(t.shell);
    expect(t.cancelled).toEqual([1]);
    expect(t.screen.lines().slice(-2)).toEqual(["^C cancelled", "SIM-WIN10 C:\\Windows\\system32>"]);
    release();
  });

  it("keeps what is typed while a command runs for the next prompt", async () => {
    const t = setup();
    const release = t.holdCommands();
    t.shell.input("ls\r");
    await new Promise((r) => setTimeout(r, 0));
    t.shell.input("pw");
    t.shell.input("d\r");
    release();
    await settle(t.shell);
    await settle(t.shell);
    expect(t.screen.lines().slice(-2)).toEqual(["C:\\Windows\\system32", "SIM-WIN10 C:\\Windows\\system32>"]);
  });

  it("prints the API's refusal with its status and reason", async () => {
    const t = setup();
    t.answers.set("kill", { status: "refuse" as LrCommand["status"] });
    await t.run("kill 4242");
    expect(t.screen.text()).toContain("HTTP 404 session_not_found: Session 1 not found");
  });

  it("checks arguments and command names before sending anything", async () => {
    const t = setup({ supported: ["directory list"] });
    await t.run("kill abc");
    await t.run("frobnicate");
    await t.run("ps");
    await t.run('ls "C:\\x');
    expect(t.issued).toEqual([]);
    const text = t.screen.text();
    expect(text).toContain("usage: kill PID");
    expect(text).toContain("unknown command 'frobnicate' (help lists the commands)");
    expect(text).toContain("this sensor does not offer 'process list'");
    expect(text).toContain("unterminated double quote");
  });

  it("stops when the session ends", async () => {
    const t = setup();
    t.shell.end("The session timed out.");
    await t.run("ls");
    expect(t.issued).toEqual([]);
    expect(t.screen.lines().at(-1)).toBe("The session timed out.");
  });

  it("lists its commands with help", async () => {
    const t = setup();
    await t.run("help");
    for (const name of ["ls [DIR]", "cd DIR", "get FILE", "put [DIR]", "ps", "kill PID", "exec CMDLINE", "memdump [PID]"]) {
      expect(t.screen.text()).toContain(name);
    }
  });
});

describe("what the endpoint and the server send is shown, never obeyed by the terminal", () => {
  // Each would act on a real terminal: erase the line and write over it, clear the screen with the 8-bit CSI, set the
  // window title (OSC 0), plant a link (OSC 8), make the terminal type its cursor position into the session (DSR).
  const ERASE = "a\x1b[2K\rfake.txt";
  const CSI8 = "b\u009b2Jc";
  const TITLE = "\x1b]0;owned\x07d";
  const LINK = "\x1b]8;;https://evil.test/\x1b\\click\x1b]8;;\x1b\\";
  const ASK = "e\x1b[6n";
  const EVIL = [ERASE, CSI8, TITLE, LINK, ASK];

  /** Nothing of the attack reached the terminal as written. */
  function expectInert(raw: string) {
    expect(raw).not.toContain("\x1b[2K\rfake");
    expect(raw).not.toContain("\u009b");
    expect(raw).not.toContain("\x1b]");
    expect(raw).not.toContain("\x07");
    expect(raw).not.toContain("\x1b[6n");
  }

  it("in file names", async () => {
    const t = setup();
    t.answers.set("directory list", { files: EVIL.map((n) => dirEntry(n)) });
    await t.run("ls");
    expectInert(t.raw());
    const text = t.screen.text();
    expect(text).toContain("a^[[2K^Mfake.txt");
    expect(text).toContain("b\\x9b2Jc");
    expect(text).toContain("^[]0;owned^Gd");
    expect(text).toContain("^[]8;;https://evil.test/^[\\click^[]8;;^[\\");
    expect(text).toContain("e^[[6n");
  });

  it("in the process list's users and command lines, still fitted to the terminal", async () => {
    const t = setup();
    t.answers.set("process list", {
      processes: EVIL.map((e, i) => ({ pid: 100 + i, parent: 4, username: e, command_line: `${e} ${"x".repeat(120)}` })),
    });
    await t.run("ps");
    expectInert(t.raw());
    const lines = t.screen.lines();
    expect(lines.some((l) => l.includes("e^[[6n"))).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  });

  it("in a command's error and in the server's refusal", async () => {
    const t = setup();
    t.answers.set("directory list", { status: "error", result_code: 2147942403, result_desc: TITLE + ASK });
    await t.run("ls");
    t.answers.set("kill", (req) => {
      throw new ApiError(409, "refused" + CSI8, `no ${req.object}` + LINK);
    });
    await t.run("kill 4");
    expectInert(t.raw());
    expect(t.screen.text()).toContain("error 0x80070003: ^[]0;owned^Gde^[[6n");
    expect(t.screen.text()).toContain("HTTP 409 refusedb\\x9b2Jc: no 4^[]8;;");
  });

  it("in the host's name and the session's directory", async () => {
    const t = setup({ hostname: "HOST" + ERASE, cwd: "C:\\" + ASK });
    await t.run("pwd");
    expectInert(t.raw());
    expect(t.screen.text()).toContain("Live response on HOSTa^[[2K^Mfake.txt.");
    expect(t.screen.lines().at(-1)).toBe("HOSTa^[[2K^Mfake.txt C:\\e^[[6n>");
  });

  it("in a program's output, whose lines and tabs are kept", async () => {
    const t = setup({ output: `one\r\ntwo\tcols\n${TITLE}${ASK}\n` });
    t.answers.set("create process", { pid: 7, return_code: 0 });
    t.answers.set("get file", { file_id: 3 });
    await t.run("exec cmd.exe /c type evil.txt");
    expectInert(t.raw());
    expect(t.raw()).toContain("one\r\ntwo\tcols\r\n");
    expect(t.screen.text()).toContain("^[]0;owned^Gde^[[6n\npid 7, exit code 0");
  });

  it("in what is pasted at the prompt", () => {
    const t = setup();
    t.shell.input("ls \u009b2J\u009d0;x");
    expectInert(t.raw());
    expect(t.screen.lines().at(-1)).toBe("SIM-WIN10 C:\\Windows\\system32> ls 2J0;x");
  });
});
