// Editing queries as text: adding a `field:value` term the way an analyst would type it (a facet click, a "search
// for this" link), quoting what the query language would otherwise split.

import { hasTopLevelOr, tokenize } from "./lexer";

/**
 * A value as it must be written after `field:`. Whitespace, parentheses and quotes would end or split a bare value, and
 * a leading `[` or `{` would start a range, so such values become a phrase (inner quotes escaped). Backslashes stay as
 * they are: the language does not treat them as escapes elsewhere (`c:\windows\notepad.exe`).
 */
export function formatValue(value: string): string {
  if (value !== "" && !/[\s()"]/.test(value) && !/^[[{]/.test(value)) return value;
  return `"${value.replace(/"/g, '\\"')}"`;
}

export function formatTerm(field: string, value: string): string {
  return `${field}:${formatValue(value)}`;
}

/**
 * Whether the query already requires exactly this term: a top-level, not negated clause of a query whose top level is
 * not an OR. Then adding it again would change nothing.
 */
export function hasTerm(query: string, field: string, value: string): boolean {
  if (hasTopLevelOr(query)) return false;
  const wanted = formatValue(value).toLowerCase();
  const tokens = tokenize(query);
  let depth = 0;
  return tokens.some((t, i) => {
    if (t.type === "paren") depth += t.text === "(" ? 1 : -1;
    const before = tokens[i - 1];
    return (
      depth === 0 &&
      t.type === "field" &&
      t.field === field.toLowerCase() &&
      tokens[i + 1]?.text.toLowerCase() === wanted &&
      before?.type !== "negation" &&
      !(before?.type === "operator" && before.op === "not")
    );
  });
}

/**
 * The query narrowed by one more `field:value` term (ANDed). A query whose top level is an OR is parenthesised first,
 * since `a OR b c` would tie the new term to `b` only. An empty query (or `*`) becomes the term alone; a term the query
 * already has is not added twice.
 */
export function addTerm(query: string, field: string, value: string, negate = false): string {
  const term = (negate ? "-" : "") + formatTerm(field, value);
  const q = query.trim();
  if (q === "" || q === "*") return term;
  if (!negate && hasTerm(q, field, value)) return q;
  return hasTopLevelOr(q) ? `(${q}) ${term}` : `${q} ${term}`;
}
