import { useEffect, useRef } from "react";
import { EditorView } from "@codemirror/view";
import { queryExtensions, setServerError } from "./editor";

export interface QueryEditorProps {
  /** The text; when it changes from outside (back/forward, a facet click) the editor follows. */
  value: string;
  onChange: (text: string) => void;
  /** Enter: run the query. */
  onSubmit: (text: string) => void;
  /** id of the visible label element. */
  labelledBy: string;
  describedBy?: string;
  placeholder?: string;
  /** An error the server reported, "... (at position N)": N is underlined. */
  serverError?: { position: number; message: string } | null;
  autoFocus?: boolean;
}

/**
 * The Carbon Black query box (CodeMirror 6): highlighting, completion of field names (Ctrl-Space lists them all),
 * Enter runs the query, Tab leaves the box as in any form field.
 */
export function QueryEditor({ value, onChange, onSubmit, labelledBy, describedBy, placeholder, serverError, autoFocus }: QueryEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onSubmit });
  callbacks.current = { onChange, onSubmit };

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: queryExtensions({
        onSubmit: () => callbacks.current.onSubmit(v.state.doc.toString()),
        onChange: (text) => callbacks.current.onChange(text),
        labelledBy,
        describedBy,
        placeholder,
      }),
    });
    view.current = v;
    if (autoFocus) v.focus();
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; value changes are applied below, callbacks read through the ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labelledBy, describedBy, placeholder]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current !== value) {
      v.dispatch({ changes: { from: 0, to: current.length, insert: value }, selection: { anchor: value.length } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setServerError.of(serverError ?? null) });
  }, [serverError]);

  return <div ref={host} className="query-editor" data-testid="query-editor" />;
}
