// The terminal's command lines and remote paths, with no terminal or network in sight (unit-tested).
//
// Quoting follows the host: on Windows a backslash is a path separator and never an escape (`cd "C:\Program Files\"`
// must keep its last backslash), so only quotes group words; on Linux and macOS a backslash escapes the next
// character outside single quotes, as in a POSIX shell (`ls /tmp/my\ dir`).

export type Platform = "windows" | "posix";

export class ParseError extends Error {}

export interface ParsedLine {
  /** The command's name, lower case ("" for a blank line). */
  name: string;
  /** The words after it, quotes removed. */
  args: string[];
  /** Everything after the name as typed (leading blanks removed): `exec` hands it to the host unchanged. */
  rest: string;
}

/** Carbon Black's os_type (1 Windows, 2 macOS, 3 Linux), or else the session's drives ("C:\" or "/"). */
export function platformOf(osType: number | string | undefined, drives: string[] = []): Platform {
  if (osType === 1 || osType === "1" || osType === "windows") return "windows";
  if (osType === 2 || osType === 3 || osType === "2" || osType === "3" || osType === "linux" || osType === "osx")
    return "posix";
  return drives.some((d) => /^[A-Za-z]:/.test(d)) ? "windows" : "posix";
}

export function tokenize(text: string, platform: Platform): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) {
        quote = null;
      } else if (ch === "\\" && quote === '"' && platform === "posix" && (text[i + 1] === '"' || text[i + 1] === "\\")) {
        word += text[++i];
      } else {
        word += ch;
      }
      continue;
    }
    if (ch === " " || ch === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === "\\" && platform === "posix" && i + 1 < text.length) {
      word += text[++i];
    } else {
      word += ch;
    }
  }
  if (quote) throw new ParseError(`unterminated ${quote === '"' ? "double" : "single"} quote`);
  if (inWord) words.push(word);
  return words;
}

export function parseLine(line: string, platform: Platform): ParsedLine {
  const trimmed = line.replace(/^[ \t]+/, "");
  const m = /^(\S+)[ \t]*/.exec(trimmed);
  if (!m) return { name: "", args: [], rest: "" };
  const rest = trimmed.slice(m[0].length).replace(/[ \t]+$/, "");
  return { name: m[1].toLowerCase(), args: tokenize(rest, platform), rest };
}

const separator = (p: Platform) => (p === "windows" ? "\\" : "/");

/** Whether a Windows path names its drive (`C:\x`, `C:`) or is a UNC path (`\\host\share`). */
function windowsAbsolute(path: string) {
  return /^[A-Za-z]:/.test(path) || path.startsWith("\\\\");
}

/**
 * The remote path `arg` names from the directory `cwd`: absolute paths as they are, relative ones joined, and `.` and
 * `..` resolved (never above the root). Windows paths take `/` too and come back with `\`; a path starting with `\`
 * is on the current drive.
 */
export function resolvePath(cwd: string, arg: string, platform: Platform): string {
  if (platform === "windows") {
    const path = arg.replace(/\//g, "\\");
    let full: string;
    if (windowsAbsolute(path)) full = path;
    else if (path.startsWith("\\")) full = driveOf(cwd) + path;
    else full = cwd.replace(/\\+$/, "") + "\\" + path;
    return normalizeWindows(full);
  }
  const full = arg.startsWith("/") ? arg : cwd.replace(/\/+$/, "") + "/" + arg;
  return normalizePosix(full);
}

function driveOf(cwd: string) {
  const m = /^([A-Za-z]:|\\\\[^\\]+\\[^\\]+)/.exec(cwd);
  return m ? m[1] : "C:";
}

function normalizeWindows(path: string): string {
  const root = driveOf(path);
  const parts: string[] = [];
  for (const part of path.slice(root.length).split("\\")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  const drive = /^[a-z]:$/.test(root) ? root.toUpperCase() : root;
  return drive + "\\" + parts.join("\\");
}

function normalizePosix(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

/** A directory's path as the sensor lists its contents: with its trailing separator (`C:\Windows\`, `/etc/`). */
export function asDirectory(path: string, platform: Platform): string {
  const sep = separator(platform);
  return path.endsWith(sep) ? path : path + sep;
}

export function joinPath(dir: string, name: string, platform: Platform): string {
  return asDirectory(dir, platform) + name;
}

/** The last part of a remote path: the name a downloaded file gets. */
export function baseName(path: string, platform: Platform): string {
  const parts = path.split(platform === "windows" ? /[\\/]/ : /\//).filter(Boolean);
  const last = parts[parts.length - 1] ?? "download";
  return last.replace(/:$/, "") || "download";
}

/** A scratch file on the host for a command's output or a memory dump (cbapi puts them in the temp directory). */
export function scratchPath(platform: Platform, prefix: string, suffix: string, now: number = Date.now()): string {
  const name = `${prefix}-${now.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}${suffix}`;
  return platform === "windows" ? `C:\\Windows\\Temp\\${name}` : `/tmp/${name}`;
}

/** The terminal's commands, for `help` and tab completion. */
export const COMMANDS: { name: string; usage: string; help: string }[] = [
  { name: "cd", usage: "cd DIR", help: "change the current directory" },
  { name: "clear", usage: "clear", help: "clear the screen (also Ctrl-L)" },
  { name: "exec", usage: "exec CMDLINE", help: "run a program on the host, wait for it and print its output" },
  { name: "get", usage: "get FILE", help: "download a file from the host" },
  { name: "help", usage: "help", help: "this list" },
  { name: "kill", usage: "kill PID", help: "end a process" },
  { name: "ls", usage: "ls [DIR]", help: "list a directory (the current one by default)" },
  { name: "memdump", usage: "memdump [PID]", help: "dump memory (one process's where the sensor can), then download it" },
  { name: "ps", usage: "ps", help: "list the running processes" },
  { name: "put", usage: "put [DIR]", help: "upload a file you choose into a directory of the host" },
  { name: "pwd", usage: "pwd", help: "print the current directory" },
];

/** Command names starting with what was typed, for tab completion. */
export function completions(prefix: string): string[] {
  const p = prefix.toLowerCase();
  return COMMANDS.map((c) => c.name).filter((n) => n.startsWith(p));
}

/** The longest start all candidates share (what Tab can fill in when several match). */
export function commonPrefix(words: string[]): string {
  if (words.length === 0) return "";
  let prefix = words[0];
  for (const w of words.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i] === w[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}
