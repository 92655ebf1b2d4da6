// xterm.js, loaded only when a terminal opens (this module is imported dynamically): the terminal sized to its box,
// coloured from the console's theme variables (and again when the theme changes), Ctrl-C copying a selection
// instead of interrupting, and Escape then Tab leaving the terminal, so the keyboard is never trapped in it.
import { Terminal, type ITheme } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import "@xterm/xterm/css/xterm.css";

export interface TerminalHandle {
  write(text: string): void;
  clear(): void;
  cols(): number;
  focus(): void;
  onData(listener: (data: string) => void): void;
  dispose(): void;
}

function themeFromPage(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const text = v("--text") || "#1b1f27";
  const background = v("--code-bg") || "#f1f3f6";
  return {
    background,
    foreground: text,
    cursor: v("--accent"),
    cursorAccent: background,
    selectionBackground: v("--selected"),
    selectionForeground: text,
    black: text,
    brightBlack: v("--muted"),
    red: v("--danger"),
    brightRed: v("--danger"),
    green: v("--ok"),
    brightGreen: v("--ok"),
    yellow: v("--warn"),
    brightYellow: v("--warn"),
    blue: v("--accent"),
    brightBlue: v("--accent"),
    magenta: v("--accent"),
    brightMagenta: v("--accent"),
    cyan: v("--accent"),
    brightCyan: v("--accent"),
    white: text,
    brightWhite: text,
  };
}

export function createTerminal(element: HTMLElement, label: string): TerminalHandle {
  const term = new Terminal({
    theme: themeFromPage(),
    fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", monospace',
    fontSize: 13,
    cursorBlink: true,
    scrollback: 10_000,
    // Output is also put in an aria-live region for screen readers.
    screenReaderMode: true,
    allowProposedApi: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  const fitNow = () => {
    try {
      fit.fit();
    } catch {
      // not laid out yet (hidden): the next resize fits it
    }
  };
  fitNow();
  term.textarea?.setAttribute("aria-label", label);

  let escaped = false;
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== "keydown") return true;
    if (e.key === "Tab" && escaped) {
      escaped = false;
      return false; // the browser moves the focus on
    }
    escaped = e.key === "Escape";
    if (e.ctrlKey && !e.shiftKey && (e.key === "c" || e.key === "C") && term.hasSelection()) {
      void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
      term.clearSelection();
      return false;
    }
    return true;
  });

  const resize = new ResizeObserver(() => fitNow());
  resize.observe(element);
  const themeWatch = new MutationObserver(() => {
    term.options.theme = themeFromPage();
  });
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

  return {
    write: (text) => term.write(text),
    // in the output stream, so it stays in order with what was written before it
    clear: () => term.write("\x1b[H\x1b[2J\x1b[3J"),
    cols: () => term.cols,
    focus: () => term.focus(),
    onData: (listener) => {
      term.onData(listener);
    },
    dispose: () => {
      resize.disconnect();
      themeWatch.disconnect();
      term.dispose();
    },
  };
}
