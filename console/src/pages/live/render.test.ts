import { ApiError } from "../../api/client";
import type { LrCommand, LrDirEntry, LrProcess } from "../../api/live";
import {
  hresult,
  namesFromDirectoryLines,
  printable,
  printableOutput,
  renderCommandError,
  renderDirectory,
  renderFailure,
  renderProcesses,
  stripAnsi,
  summarize,
  toTerminal,
  utcTime,
} from "./render";

const entry = (filename: string, dir = false, size = 0, extra: Partial<LrDirEntry> = {}): LrDirEntry => ({
  filename,
  attributes: [dir ? "DIRECTORY" : "ARCHIVE"],
  size,
  create_time: 1697524788,
  last_access_time: 1697524788,
  last_write_time: 1697524788,
  ...extra,
});

describe("rendering live-response results", () => {
  it("shows HRESULTs as Windows does", () => {
    expect(hresult(2147942403)).toBe("0x80070003");
    expect(hresult(0)).toBe("0x00000000");
    expect(hresult(-2147024891)).toBe("0x80070005");
  });

  it("lists a directory one entry per line, in the sensor's order, with directories marked", () => {
    const files = [entry("."), entry(".."), entry("Program Files", true), entry("pagefile.sys", false, 4294967296, { attributes: ["HIDDEN", "SYSTEM"] }), entry("win.ini", false, 92)];
    files[0].attributes = ["DIRECTORY"];
    files[1].attributes = ["DIRECTORY"];
    const lines = renderDirectory("C:\\", files, utcTime);
    const plain = lines.map(stripAnsi);
    expect(plain[0]).toBe(" Directory of C:\\");
    expect(plain).toContain("2023-10-17 06:39  <DIR>           Program Files");
    expect(plain).toContain("2023-10-17 06:39              92  win.ini");
    expect(plain).toContain("2023-10-17 06:39   4,294,967,296  pagefile.sys");
    expect(plain[plain.length - 1]).toBe("2 files (4.0 GiB), 3 directories");
    // What the end-to-end test reads back: exactly the names the API gave, in its order.
    expect(namesFromDirectoryLines(lines)).toEqual([".", "..", "Program Files", "pagefile.sys", "win.ini"]);
  });

  it("lists an entry without times too", () => {
    const lines = renderDirectory("/", [{ filename: "etc", attributes: ["DIRECTORY"], size: 0 }]);
    expect(namesFromDirectoryLines(lines)).toEqual(["etc"]);
  });

  it("prints the process list as a table that fits the terminal, sorted by pid", () => {
    const procs: LrProcess[] = [
      { pid: 1044, parent: 4, username: "WORKSTATION\\alice", command_line: '"c:\\windows\\svchost.exe" --type=renderer --field-trial-handle=6813 ' + "x".repeat(100) },
      { pid: 4, parent: 0, username: "SYSTEM", path: "System" },
    ];
    const lines = renderProcesses(procs, 80).map(stripAnsi);
    expect(lines[0]).toMatch(/^ +PID +PPID USER +COMMAND$/);
    expect(lines[1]).toMatch(/^ +4 +0 SYSTEM +System$/);
    expect(lines[2]).toMatch(/^ +1044 +4 WORKSTATION\\alice +"c:\\windows\\svchost.exe" --type/);
    expect(lines[2].endsWith("…")).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines[3]).toBe("2 processes");
  });

  it("prints a command's error in red with its result code and description", () => {
    const c = { id: 5, name: "directory list", object: "C:\\Nope\\", status: "error", result_code: 2147942403, result_desc: "path not found: C:\\Nope\\" } as LrCommand;
    const text = renderCommandError(c);
    expect(text.startsWith("\x1b[31m")).toBe(true);
    expect(stripAnsi(text)).toBe("error 0x80070003: path not found: C:\\Nope\\ (directory list C:\\Nope\\)");
  });

  it("prints the API's refusals with status and reason", () => {
    expect(stripAnsi(renderFailure(new ApiError(409, "cblr_not_supported", "sensor 3 does not take live response")))).toBe(
      "HTTP 409 cblr_not_supported: sensor 3 does not take live response",
    );
    expect(stripAnsi(renderFailure(new Error("boom")))).toBe("boom");
  });

  it("summarizes commands for the history", () => {
    const base = { id: 1, session_id: 1, sensor_id: 6, object: null, username: "analyst", create_time: 1 } as const;
    expect(summarize({ ...base, name: "process list", status: "complete", processes: [{ pid: 1 }, { pid: 2 }] })).toBe("2 processes");
    expect(summarize({ ...base, name: "directory list", status: "complete", files: [] })).toBe("0 entries");
    expect(summarize({ ...base, name: "create process", status: "complete", pid: 12, return_code: 0 })).toBe("pid 12, exit code 0");
    expect(summarize({ ...base, name: "kill", status: "error", result_code: 2147942487, result_desc: "no process" })).toBe("0x80070057 no process");
    expect(summarize({ ...base, name: "kill", status: "cancel" })).toBe("cancelled");
  });

  it("turns line feeds into what a terminal needs", () => {
    expect(toTerminal("a\nb\r\nc")).toBe("a\r\nb\r\nc");
  });

  it("shows every control character as text, C0 in caret notation and C1 in hex", () => {
    expect(printable("a\x1b[2K\rb")).toBe("a^[[2K^Mb");
    expect(printable("\u009b6n\u0085\x7f\x00")).toBe("\\x9b6n\\x85^?^@");
    expect(printable("\x1b]8;;https://x.test/\x1b\\link")).toBe("^[]8;;https://x.test/^[\\link");
    expect(printable("tab\there\n")).toBe("tab^Ihere^J");
    expect(printable("ünïcødé ✓ C:\\Temp")).toBe("ünïcødé ✓ C:\\Temp");
    expect(printableOutput("a\r\nb\tc\rd\n")).toBe("a\nb\tc^Md\n");
  });

  it("fits names by what shows of them", () => {
    const lines = renderDirectory("C:\\", [entry("x\x1b[31my")], utcTime);
    expect(namesFromDirectoryLines(lines)).toEqual(["x^[[31my"]);
  });
});

describe("numbers the endpoint sends unchecked", () => {
  it("a pid, parent or size holding escapes is shown as text, never obeyed", () => {
    const evil = "\u001b[2J\u001b]0;x\u0007";
    const procs = [{ pid: evil, parent: evil, username: "root", command_line: "sh" }] as unknown as LrProcess[];
    const ps = renderProcesses(procs, 80).join("\n");
    expect(ps).not.toContain("\u001b[2J");
    expect(ps).not.toContain("\u001b]0;");
    const files = [{ filename: "a", size: evil, attributes: [] }] as unknown as LrDirEntry[];
    const dir = renderDirectory("C:\\", files, () => "").join("\n");
    expect(dir).not.toContain("\u001b[2J");
  });
});
