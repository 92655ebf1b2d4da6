// A tolerant reader of the Carbon Black process query language (reference §1.1–1.2), for highlighting and for editing
// queries (adding a facet term). It follows the server's lexer (QueryLexer.java) token for token, but where the
// server refuses a query it marks the offending text as an error token and carries on, so the rest still highlights.
//
//   query  := orExpr            orExpr := andExpr (OR andExpr)*        andExpr := unary ([AND] unary)*
//   unary  := ["-" | NOT] primary                                      primary := "(" orExpr ")" | clause
//   clause := [FIELD ":"] (PHRASE | RANGE | "(" orExpr ")" | VALUE)    RANGE := "[" BOUND "TO" BOUND "]"
//
// Escaping is Carbon Black's: a backslash escapes only whitespace, parentheses and the double quote; every other
// backslash is part of the value (`path:c:\windows\*`, `cmdline:\\test\blah`).

import { isKnownField } from "./fields";

export type TokenType = "field" | "operator" | "negation" | "value" | "string" | "range" | "paren" | "error";

export interface QueryToken {
  type: TokenType;
  /** Offsets in the query text, `to` exclusive. */
  from: number;
  to: number;
  /** The source text of the token. */
  text: string;
  /** For operators: which one. */
  op?: "and" | "or" | "not" | "plus";
  /** For fields: the field name, lower-cased. */
  field?: string;
  /** For values: contains `*` or `?`. */
  wildcard?: boolean;
  /** For errors: what is wrong, in the server's words where it has them. */
  message?: string;
}

const isSpace = (c: string) => /\s/.test(c);
const isEscapable = (c: string | undefined) => c !== undefined && (isSpace(c) || c === "(" || c === ")" || c === '"');
const isFieldChar = (c: string) => /[A-Za-z0-9_]/.test(c);

class Lexer {
  readonly tokens: QueryToken[] = [];
  private pos = 0;

  constructor(private readonly text: string) {}

  run(): QueryToken[] {
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) return this.tokens;
      this.token();
    }
  }

  private push(type: TokenType, from: number, to: number, extra: Partial<QueryToken> = {}) {
    this.tokens.push({ type, from, to, text: this.text.slice(from, to), ...extra });
  }

  private token() {
    const c = this.text[this.pos];
    const start = this.pos;
    if (c === "(" || c === ")") {
      this.pos++;
      this.push("paren", start, this.pos);
    } else if (c === '"') {
      this.quoted();
    } else if (c === "-") {
      const next = this.text[this.pos + 1];
      this.pos++;
      if (next === undefined || isSpace(next)) {
        this.push("error", start, this.pos, { message: "'-' must be directly followed by the term it negates" });
      } else {
        this.push("negation", start, this.pos);
      }
    } else if (c === "+" && this.text[this.pos + 1] !== undefined && !isSpace(this.text[this.pos + 1])) {
      // A leading + is accepted and ignored by the server (AND is the default).
      this.pos++;
      this.push("operator", start, this.pos, { op: "plus" });
    } else {
      const colon = this.knownFieldColon();
      if (colon >= 0) {
        this.pos = colon + 1;
        const field = this.text.slice(start, colon).toLowerCase();
        this.push("field", start, this.pos, { field });
        this.value(field);
      } else {
        this.operatorOrWord();
      }
    }
  }

  /** The offset of the ':' that ends a known field name starting here, or -1 (then `c:\x` is a plain term). */
  private knownFieldColon(): number {
    let end = this.pos;
    while (end < this.text.length && isFieldChar(this.text[end])) end++;
    if (end === this.pos || this.text[end] !== ":") return -1;
    return isKnownField(this.text.slice(this.pos, end)) ? end : -1;
  }

  /** What follows `field:`: a group, a phrase, a range or a word, never an operator. */
  private value(field: string) {
    const c = this.text[this.pos];
    if (c === undefined || isSpace(c) || c === ")") {
      const fieldToken = this.tokens[this.tokens.length - 1];
      fieldToken.type = "error";
      fieldToken.message = `'${field}:' has no value`;
      return;
    }
    if (c === "(") {
      this.push("paren", this.pos, ++this.pos);
    } else if (c === '"') {
      this.quoted();
    } else if (c === "[" || c === "{") {
      this.range(field);
    } else {
      this.word("value");
    }
  }

  private operatorOrWord() {
    const start = this.pos;
    const raw = this.word("value");
    const token = this.tokens[this.tokens.length - 1];
    const escaped = raw !== token.text;
    if (escaped) return;
    const op = ({ AND: "and", and: "and", "&&": "and", OR: "or", or: "or", "||": "or", NOT: "not", not: "not" } as const)[
      raw as "AND"
    ];
    if (op) {
      this.tokens[this.tokens.length - 1] = { type: "operator", from: start, to: this.pos, text: token.text, op };
    }
  }

  /** A run up to unescaped whitespace or a parenthesis; returns the value with escapes removed. */
  private word(type: TokenType): string {
    const start = this.pos;
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (isSpace(c) || c === "(" || c === ")") break;
      out += this.takeMaybeEscaped();
    }
    this.push(type, start, this.pos, type === "value" ? { wildcard: /[*?]/.test(out) } : {});
    return out;
  }

  private quoted() {
    const start = this.pos++;
    let out = "";
    while (this.pos < this.text.length) {
      if (this.text[this.pos] === '"') {
        this.pos++;
        if (out.trim() === "") this.push("error", start, this.pos, { message: 'empty phrase ""' });
        else this.push("string", start, this.pos);
        return;
      }
      out += this.takeMaybeEscaped();
    }
    this.push("error", start, this.pos, { message: "phrase is not closed with '\"'" });
  }

  private range(field: string) {
    const start = this.pos++;
    const fail = (message: string) => {
      // Resume after the closing bracket when there is one, so the rest of the query still reads.
      const close = this.text.slice(this.pos).search(/[\]}]/);
      this.pos = close < 0 ? this.text.length : this.pos + close + 1;
      this.push("error", start, this.pos, { message });
    };
    this.skipSpace();
    if (!this.bound()) return fail(`range on '${field}' is missing a bound`);
    this.skipSpace();
    const to = this.text.slice(this.pos, this.pos + 2).toUpperCase() === "TO";
    const after = this.text[this.pos + 2];
    if (!to || (after !== undefined && !isSpace(after))) return fail(`range on '${field}' expects 'TO' after its lower bound`);
    this.pos += 2;
    this.skipSpace();
    if (!this.bound()) return fail(`range on '${field}' is missing a bound`);
    this.skipSpace();
    const close = this.text[this.pos];
    if (close !== "]" && close !== "}") return fail(`range on '${field}' is not closed with ']'`);
    this.pos++;
    this.push("range", start, this.pos);
  }

  /** One range bound (`*`, a word or a phrase); false when there is none. */
  private bound(): boolean {
    if (this.pos >= this.text.length) return false;
    if (this.text[this.pos] === '"') {
      const end = this.text.indexOf('"', this.pos + 1);
      if (end < 0) return false;
      this.pos = end + 1;
      return true;
    }
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (isSpace(c) || c === "]" || c === "}") break;
      this.takeMaybeEscaped();
    }
    return this.pos > start;
  }

  private takeMaybeEscaped(): string {
    const c = this.text[this.pos];
    if (c === "\\" && isEscapable(this.text[this.pos + 1])) {
      this.pos += 2;
      return this.text[this.pos - 1];
    }
    this.pos++;
    return c;
  }

  private skipSpace() {
    while (this.pos < this.text.length && isSpace(this.text[this.pos])) this.pos++;
  }
}

const startsOperand = (t: QueryToken | undefined) =>
  t !== undefined &&
  (t.type === "value" ||
    t.type === "string" ||
    t.type === "field" ||
    t.type === "negation" ||
    (t.type === "paren" && t.text === "(") ||
    (t.type === "operator" && (t.op === "not" || t.op === "plus")));

const endsOperand = (t: QueryToken | undefined) =>
  t !== undefined &&
  (t.type === "value" || t.type === "string" || t.type === "range" || (t.type === "paren" && t.text === ")"));

/**
 * The tokens of a query, in order, each with its kind for highlighting. Whatever the server would refuse is an
 * `error` token with a message: unbalanced parentheses, a field without a value, an unclosed phrase or range, an
 * operator with nothing to combine.
 */
export function tokenize(text: string): QueryToken[] {
  const tokens = new Lexer(text).run();
  const open: QueryToken[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.type === "paren" && t.text === "(") {
      if (next?.type === "paren" && next.text === ")") Object.assign(t, { type: "error", message: "empty parentheses" });
      else open.push(t);
    } else if (t.type === "paren") {
      if (!open.pop()) Object.assign(t, { type: "error", message: "unbalanced parenthesis: ')' has no matching '('" });
    } else if (t.type === "operator" && (t.op === "and" || t.op === "or")) {
      if (!endsOperand(tokens[i - 1])) Object.assign(t, { type: "error", message: `${t.text} has no term before it` });
      else if (!startsOperand(next)) Object.assign(t, { type: "error", message: `${t.text} is not followed by a term` });
    } else if (((t.type === "operator" && t.op === "not") || t.type === "negation") && !startsOperand(next)) {
      Object.assign(t, { type: "error", message: `${t.text} is not followed by a term` });
    }
  });
  for (const t of open) Object.assign(t, { type: "error", message: "unbalanced parenthesis: '(' is never closed" });
  return tokens;
}

/** The first problem the query has, as the server would report it, or null for a query it accepts. */
export function firstProblem(text: string): QueryToken | null {
  return tokenize(text).find((t) => t.type === "error") ?? null;
}

/** Whether an OR combines terms at the top level (outside parentheses): then appending a term needs parentheses. */
export function hasTopLevelOr(text: string): boolean {
  let depth = 0;
  for (const t of tokenize(text)) {
    if (t.type === "paren") depth += t.text === "(" ? 1 : -1;
    else if (t.type === "operator" && t.op === "or" && depth === 0) return true;
  }
  return false;
}
