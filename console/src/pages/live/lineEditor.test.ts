import { drawPrompt, freshLine, handleInput, newEditor, type EditorState } from "./lineEditor";
import { Screen } from "./screen.testkit";

const UP = "\x1b[A";
const DOWN = "\x1b[B";
const LEFT = "\x1b[D";
const HOME = "\x1b[H";
const END = "\x1b[F";

/** Types keys into an editor drawn on a screen, as the terminal would show them. */
function session(prompt = "C:\\> ", cols = 80, history: string[] = []) {
  const screen = new Screen(cols);
  let state: EditorState = newEditor(prompt, history);
  screen.write(drawPrompt(state));
  const events: unknown[] = [];
  return {
    screen,
    events,
    get state() {
      return state;
    },
    type(...keys: string[]) {
      for (const k of keys) {
        const r = handleInput(state, k, cols);
        screen.write(r.output);
        state = r.state;
        if (r.event) events.push(r.event);
        if (r.event && r.event.kind !== "clear") {
          // what the shell does once the line has run
          state = freshLine(state);
          screen.write(drawPrompt(state));
        }
      }
    },
  };
}

describe("the line editor", () => {
  it("inserts where the cursor is and deletes before it", () => {
    const s = session();
    s.type("l", "s", " ", "C", ":", LEFT, LEFT, "x", "\x7f");
    expect(s.screen.text()).toBe("C:\\> ls C:");
    expect(s.state.cursor).toBe(3);
    s.type(HOME, "\x1b[3~", END, "\\");
    expect(s.screen.text()).toBe("C:\\> s C:\\");
    expect(s.screen.cursor()).toEqual([0, 5 + 5]);
  });

  it("submits the line and remembers it, without repeating the same line", () => {
    const s = session();
    s.type("pwd", "\r", "pwd", "\r");
    expect(s.events).toEqual([
      { kind: "submit", line: "pwd" },
      { kind: "submit", line: "pwd" },
    ]);
    expect(s.state.history).toEqual(["pwd"]);
  });

  it("walks the history with the arrow keys and gives the new line back at its end", () => {
    const s = session("> ", 80, ["ls", "cd ..", "ps"]);
    s.type("ki");
    s.type(UP);
    expect(s.screen.text()).toBe("> ps");
    s.type(UP, UP);
    expect(s.screen.text()).toBe("> ls");
    s.type(UP);
    expect(s.screen.text()).toBe("> ls");
    s.type(DOWN);
    expect(s.screen.text()).toBe("> cd ..");
    s.type(DOWN, DOWN);
    expect(s.screen.text()).toBe("> ki");
  });

  it("completes a command name with Tab, and lists the candidates when several match", () => {
    const s = session("> ");
    s.type("me", "\t");
    expect(s.state.buffer).toBe("memdump ");
    expect(s.screen.cursor()).toEqual([0, 10]);
    const t = session("> ");
    t.type("p", "\t");
    expect(t.screen.lines()).toEqual(["> p", "ps  put  pwd", "> p"]);
    t.type("w", "\t");
    expect(t.screen.lines()[2]).toBe("> pwd");
    expect(t.state.buffer).toBe("pwd ");
  });

  it("completes only the first word", () => {
    const s = session("> ");
    s.type("ls p", "\t");
    expect(s.screen.text()).toBe("> ls p");
  });

  it("redraws a line longer than the terminal is wide in place", () => {
    const s = session("C:\\Windows> ", 20);
    s.type("exec cmd.exe /c echo hello world");
    expect(s.screen.lines()).toEqual(["C:\\Windows> exec cmd", ".exe /c echo hello w", "orld"]);
    s.type(HOME);
    expect(s.screen.cursor()).toEqual([0, 12]);
    s.type("x");
    expect(s.screen.lines()).toEqual(["C:\\Windows> xexec cm", "d.exe /c echo hello", "world"]);
    s.type(END, "\x7f".repeat(13));
    expect(s.screen.lines()).toEqual(["C:\\Windows> xexec cm", "d.exe /c ech"]);
  });

  it("keeps the cursor right when the line ends exactly at the right edge", () => {
    const s = session("> ", 10);
    s.type("12345678");
    expect(s.screen.cursor()).toEqual([1, 0]);
    s.type("9");
    expect(s.screen.lines()).toEqual(["> 12345678", "9"]);
    s.type("\x7f", "\x7f");
    expect(s.screen.lines()).toEqual(["> 1234567"]);
    expect(s.screen.cursor()).toEqual([0, 9]);
  });

  it("interrupts with Ctrl-C, clears with Ctrl-L and erases the line with Ctrl-U", () => {
    const s = session("> ");
    s.type("abc def", "\x17");
    expect(s.screen.text()).toBe("> abc");
    s.type("\x15");
    expect(s.screen.text()).toBe(">");
    s.type("ls", "\x03");
    expect(s.screen.lines()).toEqual(["> ls^C", ">"]);
    s.type("\x0c");
    expect(s.events).toEqual([{ kind: "interrupt" }, { kind: "clear" }]);
  });

  it("takes pasted text up to its first line end", () => {
    const s = session("> ");
    s.type("ls C:\\\rrm -rf x");
    expect(s.events).toEqual([{ kind: "submit", line: "ls C:\\" }]);
  });
});
