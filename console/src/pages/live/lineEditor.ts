// The prompt's line editing, as a pure function of the keys the terminal reports (xterm's onData strings) to the new
// state and the escape sequences that redraw the line. It knows the terminal's width so that lines longer than a row
// are redrawn in place. Unit-tested without a terminal.
import { commonPrefix, completions } from "./commandLine";
import { stripAnsi } from "./render";

export interface EditorState {
  /** The prompt as drawn (may hold colours). */
  prompt: string;
  buffer: string;
  /** Cursor position in `buffer`. */
  cursor: number;
  /** Earlier lines, oldest first. */
  history: string[];
  /** Position while walking the history (null: editing a new line). */
  historyIndex: number | null;
  /** The new line being typed before walking the history, given back at its end. */
  draft: string;
}

export type EditorEvent = { kind: "submit"; line: string } | { kind: "interrupt" } | { kind: "clear" };

export interface EditResult {
  state: EditorState;
  /** What to write to the terminal. */
  output: string;
  event?: EditorEvent;
}

const HISTORY_MAX = 500;

export function newEditor(prompt: string, history: string[] = []): EditorState {
  return { prompt, buffer: "", cursor: 0, history, historyIndex: null, draft: "" };
}

/** A fresh line after the previous one was submitted or interrupted (history kept). */
export function freshLine(state: EditorState, prompt: string = state.prompt): EditorState {
  return { ...state, prompt, buffer: "", cursor: 0, historyIndex: null, draft: "" };
}

/** Moves the terminal's cursor from one offset of the line (prompt included) to another. */
function move(from: number, to: number, cols: number): string {
  const fromRow = Math.floor(from / cols);
  const toRow = Math.floor(to / cols);
  let out = "";
  if (toRow < fromRow) out += `\x1b[${fromRow - toRow}A`;
  if (toRow > fromRow) out += `\x1b[${toRow - fromRow}B`;
  out += "\r";
  const col = to % cols;
  if (col > 0) out += `\x1b[${col}C`;
  return out;
}

/**
 * Redraws the whole line from the old cursor position: back to the line's first row, prompt and buffer written
 * again, the rest of the screen cleared, the cursor put where it belongs. A line that ends exactly at the right edge
 * leaves the terminal's cursor waiting to wrap, so a CRLF makes the wrap happen first.
 */
export function redraw(before: EditorState, after: EditorState, cols: number): string {
  const promptLen = stripAnsi(before.prompt).length;
  const oldRow = Math.floor((promptLen + before.cursor) / cols);
  let out = oldRow > 0 ? `\x1b[${oldRow}A\r` : "\r";
  out += after.prompt + after.buffer + "\x1b[J";
  const end = stripAnsi(after.prompt).length + after.buffer.length;
  if (end > 0 && end % cols === 0) out += "\r\n";
  out += move(end, stripAnsi(after.prompt).length + after.cursor, cols);
  return out;
}

/** The prompt and the (empty) line, drawn at the start of a row. */
export function drawPrompt(state: EditorState): string {
  return state.prompt + state.buffer;
}

function replaceBuffer(state: EditorState, buffer: string, cursor: number = buffer.length): EditorState {
  return { ...state, buffer, cursor: Math.max(0, Math.min(cursor, buffer.length)) };
}

function edit(state: EditorState, next: EditorState, cols: number, output = ""): EditResult {
  return { state: next, output: output + redraw(state, next, cols) };
}

/** Handles one chunk of input (a key, an escape sequence or pasted text). */
export function handleInput(state: EditorState, data: string, cols: number): EditResult {
  let s = state;
  let output = "";
  let i = 0;
  while (i < data.length) {
    const rest = data.slice(i);
    const seq = /^(\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z])/.exec(rest);
    if (seq) {
      const r = handleKey(s, seq[1], cols);
      s = r.state;
      output += r.output;
      i += seq[1].length;
      continue;
    }
    const ch = data[i];
    if (ch === "\r" || ch === "\n") {
      const line = s.buffer;
      const history =
        line.trim() && s.history[s.history.length - 1] !== line
          ? [...s.history, line].slice(-HISTORY_MAX)
          : s.history;
      const end: EditorState = { ...s, cursor: s.buffer.length };
      const endOffset = stripAnsi(s.prompt).length + s.buffer.length;
      // redraw already moved to the next row when the line ends at the right edge
      output += redraw(s, end, cols) + (endOffset > 0 && endOffset % cols === 0 ? "" : "\r\n");
      // Whatever was pasted after the line end is dropped: the command runs before anything else is typed.
      return { state: { ...end, history }, output, event: { kind: "submit", line } };
    }
    if (ch === "\x03") {
      const end: EditorState = { ...s, cursor: s.buffer.length };
      output += redraw(s, end, cols) + "^C\r\n";
      return { state: end, output, event: { kind: "interrupt" } };
    }
    if (ch === "\x0c") return { state: s, output, event: { kind: "clear" } };
    if (ch === "\x1b") {
      i++;
      continue;
    }
    const r = handleKey(s, ch, cols);
    s = r.state;
    output += r.output;
    i++;
  }
  return { state: s, output };
}

function handleKey(s: EditorState, key: string, cols: number): EditResult {
  switch (key) {
    case "\x7f":
    case "\b":
      if (s.cursor === 0) return { state: s, output: "" };
      return edit(s, replaceBuffer(s, s.buffer.slice(0, s.cursor - 1) + s.buffer.slice(s.cursor), s.cursor - 1), cols);
    case "\x1b[3~":
      if (s.cursor >= s.buffer.length) return { state: s, output: "" };
      return edit(s, replaceBuffer(s, s.buffer.slice(0, s.cursor) + s.buffer.slice(s.cursor + 1), s.cursor), cols);
    case "\x1b[D":
    case "\x02":
      return edit(s, { ...s, cursor: Math.max(0, s.cursor - 1) }, cols);
    case "\x1b[C":
    case "\x06":
      return edit(s, { ...s, cursor: Math.min(s.buffer.length, s.cursor + 1) }, cols);
    case "\x1b[H":
    case "\x1bOH":
    case "\x1b[1~":
    case "\x01":
      return edit(s, { ...s, cursor: 0 }, cols);
    case "\x1b[F":
    case "\x1bOF":
    case "\x1b[4~":
    case "\x05":
      return edit(s, { ...s, cursor: s.buffer.length }, cols);
    case "\x15":
      return edit(s, replaceBuffer(s, s.buffer.slice(s.cursor), 0), cols);
    case "\x0b":
      return edit(s, replaceBuffer(s, s.buffer.slice(0, s.cursor), s.cursor), cols);
    case "\x17": {
      const before = s.buffer.slice(0, s.cursor).replace(/\S+\s*$/, "");
      return edit(s, replaceBuffer(s, before + s.buffer.slice(s.cursor), before.length), cols);
    }
    case "\x1b[A":
    case "\x10":
      return historyStep(s, -1, cols);
    case "\x1b[B":
    case "\x0e":
      return historyStep(s, 1, cols);
    case "\t":
      return complete(s, cols);
    default:
      // Control characters (C0 and C1, pasted) are not part of a line: echoed, they would act on the terminal.
      if (key.length !== 1 || key < " " || (key >= "\x7f" && key <= "\x9f")) return { state: s, output: "" };
      return edit(s, replaceBuffer(s, s.buffer.slice(0, s.cursor) + key + s.buffer.slice(s.cursor), s.cursor + 1), cols);
  }
}

function historyStep(s: EditorState, step: -1 | 1, cols: number): EditResult {
  if (s.history.length === 0) return { state: s, output: "" };
  const current = s.historyIndex ?? s.history.length;
  const target = current + step;
  if (target < 0 || target > s.history.length) return { state: s, output: "" };
  const draft = s.historyIndex === null ? s.buffer : s.draft;
  if (target === s.history.length) {
    return edit(s, { ...replaceBuffer(s, draft), historyIndex: null, draft: "" }, cols);
  }
  return edit(s, { ...replaceBuffer(s, s.history[target]), historyIndex: target, draft }, cols);
}

/**
 * Tab in the first word completes a command name: one match is filled in with a space after it; several fill in
 * what they share, and a second Tab (nothing more to fill) lists them under the line.
 */
function complete(s: EditorState, cols: number): EditResult {
  const before = s.buffer.slice(0, s.cursor);
  if (!/^\s*\S*$/.test(before)) return { state: s, output: "\x07" };
  const word = before.trimStart();
  const lead = before.length - word.length;
  const matches = completions(word);
  if (matches.length === 0) return { state: s, output: "\x07" };
  if (matches.length === 1) {
    const after = s.buffer.slice(s.cursor).replace(/^\S*/, "");
    const filled = matches[0] + (after.startsWith(" ") ? "" : " ");
    const buffer = s.buffer.slice(0, lead) + filled + after;
    return edit(s, replaceBuffer(s, buffer, lead + filled.length), cols);
  }
  const shared = commonPrefix(matches);
  if (shared.length > word.length) {
    const buffer = s.buffer.slice(0, lead) + shared + s.buffer.slice(s.cursor);
    return edit(s, replaceBuffer(s, buffer, lead + shared.length), cols);
  }
  // List the candidates below, then draw the prompt and line again.
  const end: EditorState = { ...s, cursor: s.buffer.length };
  let output = redraw(s, end, cols) + "\r\n" + matches.join("  ") + "\r\n";
  output += s.prompt + s.buffer;
  const promptLen = stripAnsi(s.prompt).length;
  const endOffset = promptLen + s.buffer.length;
  if (endOffset > 0 && endOffset % cols === 0) output += "\r\n";
  output += move(endOffset, promptLen + s.cursor, cols);
  return { state: s, output };
}
