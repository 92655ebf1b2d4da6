// How live-response results read in the terminal: pure functions from the API's documents to lines of text with ANSI
// colours (the terminal's theme maps the colours to the console's light or dark palette). Unit-tested.
import { ApiError } from "../../api/client";
import type { LrCommand, LrDirEntry, LrProcess } from "../../api/live";
import { formatBytes } from "../../components/format";
import { COMMANDS } from "./commandLine";

const ESC = "\x1b[";
export const ansi = {
  red: (s: string) => `${ESC}31m${s}${ESC}0m`,
  green: (s: string) => `${ESC}32m${s}${ESC}0m`,
  yellow: (s: string) => `${ESC}33m${s}${ESC}0m`,
  blue: (s: string) => `${ESC}1;34m${s}${ESC}0m`,
  dim: (s: string) => `${ESC}90m${s}${ESC}0m`,
  bold: (s: string) => `${ESC}1m${s}${ESC}0m`,
};

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** A control character as text: C0 in caret notation (`^[` for ESC, `^M` for CR), DEL as `^?`, C1 as `\x9b`. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return "^" + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return "^?";
  return "\\x" + code.toString(16);
}

/**
 * Text from the sensor or the server made safe to write into the terminal: every C0 and C1 control character is
 * shown as text, so a file name, a user name or a message cannot move the cursor, erase what was printed, set the
 * window title, plant a link or make the terminal answer (`ESC [6n`). `keep` names the few left as they are (the
 * line feeds and tabs of a command's output). Applied before colouring and width fitting, so widths count what shows.
 */
/** A number the endpoint sent, or NaN: its JSON is not checked, so a "number" may be a string holding escapes. */
export function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : NaN;
}

/** A number the endpoint sent, as text for the terminal (escapes in a non-number shown, not obeyed). */
export function numText(v: unknown): string {
  return typeof v === "number" ? String(v) : printable(String(v ?? ""));
}

export function printable(text: string, keep = ""): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => (keep.includes(ch) ? ch : visible(ch)));
}

/** A program's output for the terminal: its lines and tabs kept (CRLF read as a line end), any other control shown. */
export function printableOutput(text: string): string {
  return printable(text.replace(/\r\n/g, "\n"), "\n\t");
}

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}

/** An HRESULT as Windows shows it: 2147942403 → 0x80070003. */
export function hresult(code: number | undefined): string {
  if (code === undefined || code === null) return "";
  return "0x" + (code >>> 0).toString(16).toUpperCase().padStart(8, "0");
}

/** A command that ended in error: its result code and the sensor's description, in red. */
export function renderCommandError(c: LrCommand): string {
  const what = printable(c.object ? `${c.name} ${c.object}` : c.name);
  const code = hresult(c.result_code);
  const desc = c.result_desc ? `: ${printable(c.result_desc)}` : "";
  return ansi.red(`error ${code}${desc} (${what})`);
}

/** A refusal of the API itself (HTTP status and the server's reason), in red. */
export function renderFailure(error: unknown): string {
  if (error instanceof ApiError) {
    const status = error.status ? `HTTP ${error.status} ` : "";
    return ansi.red(printable(`${status}${error.reason}: ${error.message}`));
  }
  return ansi.red(printable(error instanceof Error ? error.message : String(error)));
}

export type TimeFormat = (epochSeconds: number) => string;

/** `2023-10-17 08:39` in the analyst's time zone. */
export const localTime: TimeFormat = (s) => {
  const d = new Date(s * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

export const utcTime: TimeFormat = (s) => new Date(s * 1000).toISOString().slice(0, 16).replace("T", " ");

export function isDirectory(e: LrDirEntry): boolean {
  return e.attributes?.includes("DIRECTORY") ?? false;
}

/**
 * A directory list as `dir` shows it: one entry per line, in the sensor's order (modified time, `<DIR>` or the size,
 * the name; directories in blue, hidden files dimmed), then the totals.
 */
export function renderDirectory(path: string, files: LrDirEntry[], time: TimeFormat = localTime): string[] {
  const lines = [` Directory of ${printable(path)}`, ""];
  let dirs = 0;
  let bytes = 0;
  for (const f of files) {
    const when = f.last_write_time ? time(f.last_write_time) : "".padEnd(16);
    const dir = isDirectory(f);
    if (dir) dirs++;
    else bytes += num(f.size ?? 0) || 0;
    const size = dir ? "<DIR>".padEnd(14) : numText(f.size ?? 0).replace(/^\d+$/, (d) => Number(d).toLocaleString("en-US")).padStart(14);
    const hidden = f.attributes?.includes("HIDDEN");
    const shown = printable(f.filename);
    const name = dir ? ansi.blue(shown) : hidden ? ansi.dim(shown) : shown;
    lines.push(`${when}  ${size}  ${name}`);
  }
  const fileCount = files.length - dirs;
  lines.push(
    ansi.dim(
      `${fileCount} file${fileCount === 1 ? "" : "s"} (${formatBytes(bytes)}), ${dirs} director${dirs === 1 ? "y" : "ies"}`,
    ),
  );
  return lines;
}

/** The names a directory list printed, back from its lines (what the end-to-end test compares with the API's). */
export function namesFromDirectoryLines(lines: string[]): string[] {
  return lines
    .map(stripAnsi)
    .filter((l) => /^(\d{4}-\d\d-\d\d \d\d:\d\d| {16}) {2}/.test(l))
    .map((l) => l.slice(16 + 2 + 14 + 2));
}

function fit(s: string, width: number): string {
  if (width <= 0) return "";
  return s.length <= width ? s.padEnd(width) : s.slice(0, Math.max(0, width - 1)) + "…";
}

/**
 * The process list as a table sized to the terminal: PID, parent, user, then the command line (or the path) cut to
 * what fits, sorted by PID.
 */
export function renderProcesses(processes: LrProcess[], cols: number): string[] {
  const rows = [...processes]
    .sort((a, b) => a.pid - b.pid)
    .map((p) => ({ ...p, username: printable(p.username ?? ""), command: printable(p.command_line || p.path || "") }));
  const user = Math.min(24, Math.max(4, ...rows.map((p) => p.username.length)));
  const fixed = 7 + 1 + 7 + 1 + user + 1;
  const cmd = Math.max(10, cols - fixed - 1);
  const header = ansi.bold(`${"PID".padStart(7)} ${"PPID".padStart(7)} ${fit("USER", user)} ${"COMMAND"}`);
  const lines = [header];
  for (const p of rows) {
    lines.push(
      `${numText(p.pid).padStart(7)} ${numText(p.parent ?? "").padStart(7)} ${fit(p.username, user)} ${fit(p.command, cmd).trimEnd()}`,
    );
  }
  lines.push(ansi.dim(`${rows.length} process${rows.length === 1 ? "" : "es"}`));
  return lines;
}

export function renderHelp(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    ...COMMANDS.map((c) => `  ${ansi.bold(c.usage.padEnd(width))}  ${c.help}`),
    "",
    ansi.dim("  Quote paths with spaces (\"C:\\Program Files\\\"). Up/Down: history; Tab: complete; Ctrl-C: cancel."),
  ];
}

/** One line about what a finished command gave, for the commands history. */
export function summarize(c: LrCommand): string {
  if (c.status === "error") return `${hresult(c.result_code)} ${c.result_desc ?? ""}`.trim();
  if (c.status === "cancel") return "cancelled";
  if (c.status === "pending") return "running…";
  if (Array.isArray(c.files)) return `${c.files.length} entries`;
  if (Array.isArray(c.processes)) return `${c.processes.length} processes`;
  if (c.name === "create process" && c.pid !== undefined)
    return c.return_code !== undefined ? `pid ${c.pid}, exit code ${c.return_code}` : `pid ${c.pid}`;
  if (c.file_id !== undefined) return `file ${c.file_id}`;
  return "done";
}

/** Text as the terminal wants it: CRLF line ends (a lone LF only moves down). */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}
