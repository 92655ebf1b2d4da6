// Completion in the query box: field names by prefix where a clause can start, and the known values of a few
// enumerated fields right after `field:`. Kept free of CodeMirror so it can be tested on plain strings.

import { QUERY_FIELDS, fieldInfo } from "./fields";
import { tokenize } from "./lexer";

export interface QueryCompletion {
  label: string;
  /** Text inserted in place of [from, to). */
  apply: string;
  detail?: string;
  info?: string;
  kind: "field" | "value";
}

export interface CompletionResult {
  from: number;
  to: number;
  options: QueryCompletion[];
}

/** Name patterns that are fields without being in the catalogue; completing them inserts the prefix to go on from. */
const DYNAMIC_FIELDS: QueryCompletion[] = [
  {
    label: "alliance_score_<feed>",
    apply: "alliance_score_",
    detail: "integer",
    info: "Score a threat feed gave the process",
    kind: "field",
  },
  { label: "watchlist_<id>", apply: "watchlist_", detail: "datetime", info: "When a watchlist tagged the process", kind: "field" },
];

/**
 * What to offer at `pos`. `explicit` is a request by key (Ctrl-Space): then an empty prefix offers every field; while
 * typing, at least one character is needed. Nothing is offered inside a phrase or a range.
 */
export function completeAt(text: string, pos: number, explicit = false): CompletionResult | null {
  const inside = tokenize(text).find(
    (t) =>
      (t.type === "string" || t.type === "range" || (t.type === "error" && /^["[{]/.test(t.text))) &&
      t.from < pos &&
      (pos < t.to || t.type === "error"),
  );
  if (inside) return null;

  let start = pos;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  const before = start > 0 ? text[start - 1] : "";

  if (before === ":") {
    let nameStart = start - 1;
    while (nameStart > 0 && /[A-Za-z0-9_]/.test(text[nameStart - 1])) nameStart--;
    const field = fieldInfo(text.slice(nameStart, start - 1));
    if (!field?.values) return null;
    const prefix = text.slice(start, pos).toLowerCase();
    const options = field.values
      .filter((v) => v.replace(/^"/, "").toLowerCase().startsWith(prefix))
      .map<QueryCompletion>((v) => ({ label: v, apply: v, detail: field.name, kind: "value" }));
    return options.length ? { from: start, to: pos, options } : null;
  }

  if (before !== "" && !/[\s(\-+]/.test(before)) return null;
  const prefix = text.slice(start, pos).toLowerCase();
  if (prefix === "" && !explicit) return null;
  const options = QUERY_FIELDS.filter((field) => field.name.startsWith(prefix))
    .map<QueryCompletion>((field) => ({
      label: field.name,
      apply: field.name + ":",
      detail: field.type,
      info: field.description,
      kind: "field",
    }))
    .concat(DYNAMIC_FIELDS.filter((d) => d.apply.startsWith(prefix) || (prefix !== "" && prefix.startsWith(d.apply))));
  return options.length ? { from: start, to: pos, options } : null;
}
