// The CodeMirror 6 extensions of the query box: highlighting from the tolerant lexer (errors underlined with the
// reason as a tooltip), field-name completion, one line only, Enter to run, and the position of an error the server
// reported. Colours come from the console's CSS variables, so light and dark themes both work.

import { autocompletion, type CompletionContext, type CompletionResult as CmResult } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { EditorState, RangeSetBuilder, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, keymap, placeholder as placeholderExt, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { completeAt } from "./completion";
import { tokenize, type QueryToken } from "./lexer";

const MARKS: Record<Exclude<QueryToken["type"], "error">, Decoration> = {
  field: Decoration.mark({ class: "cm-q-field" }),
  operator: Decoration.mark({ class: "cm-q-operator" }),
  negation: Decoration.mark({ class: "cm-q-negation" }),
  value: Decoration.mark({ class: "cm-q-value" }),
  string: Decoration.mark({ class: "cm-q-string" }),
  range: Decoration.mark({ class: "cm-q-range" }),
  paren: Decoration.mark({ class: "cm-q-paren" }),
};
const WILDCARD = Decoration.mark({ class: "cm-q-value cm-q-wildcard" });

/** The CSS class a token is highlighted with (what the tests check, and what the theme colours). */
export function highlightClass(token: QueryToken): string {
  if (token.type === "error") return "cm-q-error";
  if (token.type === "value" && token.wildcard) return "cm-q-value cm-q-wildcard";
  return `cm-q-${token.type}`;
}

function decorate(text: string): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const t of tokenize(text)) {
    if (t.from === t.to) continue;
    const mark =
      t.type === "error"
        ? Decoration.mark({ class: "cm-q-error", attributes: { title: t.message ?? "syntax error" } })
        : t.type === "value" && t.wildcard
          ? WILDCARD
          : MARKS[t.type];
    builder.add(t.from, t.to, mark);
  }
  return builder.finish();
}

const highlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view.state.doc.toString());
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = decorate(u.state.doc.toString());
    }
  },
  { decorations: (p) => p.decorations },
);

/** Where the server said the query is wrong ("... (at position 13)"); cleared by the next edit. */
export const setServerError = StateEffect.define<{ position: number; message: string } | null>();

const serverError = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    if (tr.docChanged) deco = Decoration.none;
    for (const e of tr.effects) {
      if (!e.is(setServerError)) continue;
      if (!e.value) {
        deco = Decoration.none;
        continue;
      }
      const len = tr.state.doc.length;
      const from = Math.max(0, Math.min(e.value.position, len));
      // Underline the token at the reported position (a parenthesis alone), at least one character.
      const text = tr.state.doc.toString();
      let start = from;
      let to = from;
      if (text[from] === "(" || text[from] === ")") to = from + 1;
      else while (to < len && !/\s/.test(text[to])) to++;
      // At the end or on a space: the character before it.
      if (to === start) start = Math.max(0, from - 1);
      deco =
        start < to
          ? Decoration.set([Decoration.mark({ class: "cm-q-error", attributes: { title: e.value.message } }).range(start, to)])
          : Decoration.none;
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function completionSource(context: CompletionContext): CmResult | null {
  const found = completeAt(context.state.doc.toString(), context.pos, context.explicit);
  if (!found) return null;
  return {
    from: found.from,
    to: found.to,
    filter: false,
    options: found.options.map((o) => ({
      label: o.label,
      apply: o.apply,
      detail: o.detail,
      info: o.info,
      type: o.kind === "field" ? "property" : "constant",
    })),
  };
}

/** Paste or typed line breaks become spaces: a query is one line, and Enter runs it. */
const oneLine = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.newDoc.lines <= 1) return tr;
  const flat = tr.newDoc.toString().replace(/\r?\n/g, " ");
  return [tr, { changes: { from: 0, to: tr.newDoc.length, insert: flat }, sequential: true }];
});

const theme = EditorView.theme({
  "&": {
    background: "var(--surface)",
    color: "var(--text)",
    border: "1px solid var(--border)",
    borderRadius: "6px",
    fontSize: "13px",
  },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "2px" },
  ".cm-content": {
    fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", monospace',
    padding: "6px 0",
    caretColor: "var(--text)",
  },
  ".cm-line": { padding: "0 8px" },
  ".cm-cursor": { borderLeftColor: "var(--text)" },
  ".cm-placeholder": { color: "var(--muted)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { background: "var(--selected)" },
  ".cm-q-field": { color: "var(--accent)", fontWeight: "600" },
  ".cm-q-operator": { color: "var(--warn)", fontWeight: "700" },
  ".cm-q-negation": { color: "var(--danger)", fontWeight: "700" },
  ".cm-q-string": { color: "var(--ok)" },
  ".cm-q-range": { color: "#6d32b0" },
  "[data-theme=dark] & .cm-q-range": { color: "#d4b0ff" },
  ".cm-q-wildcard": { fontStyle: "italic" },
  ".cm-q-paren": { color: "var(--muted)", fontWeight: "700" },
  ".cm-q-error": { color: "var(--danger)", textDecoration: "underline wavy var(--danger)", textUnderlineOffset: "3px" },
  ".cm-tooltip": { background: "var(--surface)", color: "var(--text)", border: "1px solid var(--border)", borderRadius: "6px" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: "inherit", maxHeight: "16em" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul > li": { padding: "2px 8px" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { background: "var(--accent)", color: "var(--accent-text)" },
  ".cm-completionDetail": { color: "var(--muted)", marginLeft: "1em", fontStyle: "normal" },
  ".cm-tooltip-autocomplete ul li[aria-selected] .cm-completionDetail": { color: "inherit" },
  ".cm-completionInfo": { background: "var(--surface)", color: "var(--text)", border: "1px solid var(--border)", padding: "4px 8px" },
  ".cm-completionIcon": { display: "none" },
});

export interface QueryExtensionOptions {
  /** Enter (when no completion is open). */
  onSubmit: () => void;
  /** Called with the new text on every edit. */
  onChange?: (text: string) => void;
  /** ids of the visible label and of the help or error text, for screen readers. */
  labelledBy?: string;
  describedBy?: string;
  placeholder?: string;
}

/** Everything the query box needs, for `new EditorView({ extensions })`. */
export function queryExtensions(options: QueryExtensionOptions): Extension[] {
  const attributes: Record<string, string> = { "aria-multiline": "false", spellcheck: "false", autocapitalize: "off", autocorrect: "off" };
  if (options.labelledBy) attributes["aria-labelledby"] = options.labelledBy;
  if (options.describedBy) attributes["aria-describedby"] = options.describedBy;
  return [
    history(),
    oneLine,
    highlighter,
    serverError,
    autocompletion({ override: [completionSource], icons: false, activateOnTyping: true }),
    keymap.of([
      {
        key: "Enter",
        run: () => {
          options.onSubmit();
          return true;
        },
      },
      ...historyKeymap,
      ...defaultKeymap,
    ]),
    EditorView.contentAttributes.of(attributes),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && options.onChange) options.onChange(u.state.doc.toString());
    }),
    options.placeholder ? placeholderExt(options.placeholder) : [],
    theme,
  ];
}
