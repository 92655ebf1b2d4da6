import { configure, fireEvent, render, waitFor } from "@testing-library/react";
import { EditorView } from "@codemirror/view";
import { startCompletion } from "@codemirror/autocomplete";
import { QueryEditor } from "./QueryEditor";

// The machine running the tests may be busy: wait for the page longer than the default second.
configure({ asyncUtilTimeout: 5000 });

function setup(value = "") {
  const onSubmit = vi.fn();
  const onChange = vi.fn();
  const r = render(
    <>
      <span id="label">Query</span>
      <QueryEditor value={value} onChange={onChange} onSubmit={onSubmit} labelledBy="label" />
    </>,
  );
  const content = r.container.querySelector<HTMLElement>(".cm-content")!;
  const view = EditorView.findFromDOM(content)!;
  return { ...r, content, view, onSubmit, onChange };
}

describe("the query box", () => {
  it("is labelled, single-line and highlights what is typed", () => {
    const { content, view, container, onChange } = setup();
    expect(content).toHaveAttribute("aria-labelledby", "label");
    expect(content).toHaveAttribute("aria-multiline", "false");
    view.dispatch({ changes: { from: 0, insert: 'process_name:cmd.exe AND -path:"c:\\program files\\x.exe"' } });
    expect(onChange).toHaveBeenLastCalledWith('process_name:cmd.exe AND -path:"c:\\program files\\x.exe"');
    const text = (cls: string) => [...container.querySelectorAll(`.${cls}`)].map((e) => e.textContent);
    expect(text("cm-q-field")).toEqual(["process_name:", "path:"]);
    expect(text("cm-q-operator")).toEqual(["AND"]);
    expect(text("cm-q-negation")).toEqual(["-"]);
    expect(text("cm-q-string")).toEqual(['"c:\\program files\\x.exe"']);
  });

  it("runs the query on Enter, and turns pasted line breaks into spaces", () => {
    const { content, view, onSubmit } = setup();
    view.dispatch({ changes: { from: 0, insert: "process_name:cmd.exe\nhostname:x" } });
    expect(view.state.doc.toString()).toBe("process_name:cmd.exe hostname:x");
    fireEvent.keyDown(content, { key: "Enter", code: "Enter", keyCode: 13 });
    expect(onSubmit).toHaveBeenCalledWith("process_name:cmd.exe hostname:x");
    expect(view.state.doc.lines).toBe(1);
  });

  it("follows its value when it changes from outside (back/forward, a facet click)", () => {
    const { rerender, view } = setup("a");
    rerender(
      <>
        <span id="label">Query</span>
        <QueryEditor value="a hostname:x" onChange={() => {}} onSubmit={() => {}} labelledBy="label" />
      </>,
    );
    expect(view.state.doc.toString()).toBe("a hostname:x");
  });

  it("marks a syntax error with its reason", () => {
    const { view, container } = setup();
    view.dispatch({ changes: { from: 0, insert: "process_name:(foo" } });
    const error = container.querySelector(".cm-q-error")!;
    expect(error.textContent).toBe("(");
    expect(error.getAttribute("title")).toBe("unbalanced parenthesis: '(' is never closed");
  });

  it("underlines where the server said the query is wrong, until the next edit", () => {
    const r = render(
      <>
        <span id="label">Query</span>
        <QueryEditor
          value="process_name:cmd.exe ipaddr:999.1.1.1"
          onChange={() => {}}
          onSubmit={() => {}}
          labelledBy="label"
          serverError={{ position: 28, message: "'999.1.1.1' is not an IPv4 address (at position 28)" }}
        />
      </>,
    );
    const error = r.container.querySelector(".cm-q-error")!;
    expect(error.textContent).toBe("999.1.1.1");
    expect(error.getAttribute("title")).toBe("'999.1.1.1' is not an IPv4 address (at position 28)");
    const view = EditorView.findFromDOM(r.container.querySelector<HTMLElement>(".cm-content")!)!;
    view.dispatch({ changes: { from: 28, to: 31, insert: "10" } });
    expect(r.container.querySelector(".cm-q-error")).toBeNull();
  });

  it("completes field names", async () => {
    const { view, container } = setup();
    view.dispatch({ changes: { from: 0, insert: "netc" }, selection: { anchor: 4 } });
    startCompletion(view);
    await waitFor(() => expect(container.querySelector(".cm-tooltip-autocomplete")).not.toBeNull());
    const options = [...container.querySelectorAll(".cm-tooltip-autocomplete li")].map((li) => li.querySelector(".cm-completionLabel")?.textContent);
    expect(options).toEqual(["netconn_count"]);
  });
});
