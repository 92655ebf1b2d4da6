import { highlightClass } from "./editor";
import { firstProblem, hasTopLevelOr, tokenize } from "./lexer";

/** The query as the editor colours it: [source text, class] per token. */
const colours = (q: string) => tokenize(q).map((t) => [t.text, highlightClass(t).replace(/cm-q-/g, "")]);

describe("query highlighting", () => {
  it("a field and its value", () => {
    expect(colours("process_name:svchost.exe")).toEqual([
      ["process_name:", "field"],
      ["svchost.exe", "value"],
    ]);
  });

  it("OR between fielded terms, in either case", () => {
    expect(colours("process_name:chrome.exe or process_name:cmd.exe")).toEqual([
      ["process_name:", "field"],
      ["chrome.exe", "value"],
      ["or", "operator"],
      ["process_name:", "field"],
      ["cmd.exe", "value"],
    ]);
  });

  it("a leading minus negates; inside a value it is literal", () => {
    expect(colours("hostname:win-5ikqdnf9go1 -process_name:chrome.exe")).toEqual([
      ["hostname:", "field"],
      ["win-5ikqdnf9go1", "value"],
      ["-", "negation"],
      ["process_name:", "field"],
      ["chrome.exe", "value"],
    ]);
  });

  it("a quoted minus is a phrase, not a negation", () => {
    expect(colours('"-system.exe" -system.exe')).toEqual([
      ['"-system.exe"', "string"],
      ["-", "negation"],
      ["system.exe", "value"],
    ]);
  });

  it("parentheses group, and an unknown name before a colon is not a field (c:\\program)", () => {
    expect(colours("(process_name:rundll32.exe OR process_name:cmd.exe) username:system")).toEqual([
      ["(", "paren"],
      ["process_name:", "field"],
      ["rundll32.exe", "value"],
      ["OR", "operator"],
      ["process_name:", "field"],
      ["cmd.exe", "value"],
      [")", "paren"],
      ["username:", "field"],
      ["system", "value"],
    ]);
    expect(colours("c:\\program files (x86)\\windows")).toEqual([
      ["c:\\program", "value"],
      ["files", "value"],
      ["(", "paren"],
      ["x86", "value"],
      [")", "paren"],
      ["\\windows", "value"],
    ]);
  });

  it("nested parentheses with NOT and a negated quoted group value", () => {
    expect(colours('((process_name:a.exe OR parent_name:b.exe) AND NOT (hostname:x OR -group:"Default Group"))')).toEqual([
      ["(", "paren"],
      ["(", "paren"],
      ["process_name:", "field"],
      ["a.exe", "value"],
      ["OR", "operator"],
      ["parent_name:", "field"],
      ["b.exe", "value"],
      [")", "paren"],
      ["AND", "operator"],
      ["NOT", "operator"],
      ["(", "paren"],
      ["hostname:", "field"],
      ["x", "value"],
      ["OR", "operator"],
      ["-", "negation"],
      ["group:", "field"],
      ['"Default Group"', "string"],
      [")", "paren"],
      [")", "paren"],
    ]);
  });

  it("backslashes in paths are part of the value; a trailing * is a wildcard", () => {
    expect(colours("path:c:\\windows\\system32\\* cmdline:\\\\test\\blah")).toEqual([
      ["path:", "field"],
      ["c:\\windows\\system32\\*", "value wildcard"],
      ["cmdline:", "field"],
      ["\\\\test\\blah", "value"],
    ]);
  });

  it("quoted strings with spaces, and escaped spaces and parentheses in a bare value", () => {
    expect(colours('path:"c:\\program files (x86)\\google\\update\\googleupdate.exe"')).toEqual([
      ["path:", "field"],
      ['"c:\\program files (x86)\\google\\update\\googleupdate.exe"', "string"],
    ]);
    expect(colours("path:c:\\program\\ files\\ \\(x86\\)\\google\\update\\googleupdate.exe")).toEqual([
      ["path:", "field"],
      ["c:\\program\\ files\\ \\(x86\\)\\google\\update\\googleupdate.exe", "value"],
    ]);
  });

  it("escaped quotes inside a phrase do not end it", () => {
    const q = 'cmdline:"\\"c:\\program files \\(x86\\)\\google\\update\\googleupdate.exe\\" /svc"';
    expect(colours(q)).toEqual([
      ["cmdline:", "field"],
      [q.slice("cmdline:".length), "string"],
    ]);
  });

  it("ranges with open ends, dates and relative times", () => {
    expect(colours("netconn_count:[10 TO *] start:[2016-12-01T00:00:00 TO 2016-12-01T12:00:00] last_update:-10h")).toEqual([
      ["netconn_count:", "field"],
      ["[10 TO *]", "range"],
      ["start:", "field"],
      ["[2016-12-01T00:00:00 TO 2016-12-01T12:00:00]", "range"],
      ["last_update:", "field"],
      ["-10h", "value"],
    ]);
  });

  it("dynamic fields: binary joins, feed scores, watchlist tags", () => {
    expect(colours("digsig_result_modload:Unsigned alliance_score_virustotal:[10 TO *] -alliance_score_srstrust:* watchlist_4:*")).toEqual([
      ["digsig_result_modload:", "field"],
      ["Unsigned", "value"],
      ["alliance_score_virustotal:", "field"],
      ["[10 TO *]", "range"],
      ["-", "negation"],
      ["alliance_score_srstrust:", "field"],
      ["*", "value wildcard"],
      ["watchlist_4:", "field"],
      ["*", "value wildcard"],
    ]);
  });

  it("a field group and Lucene-style operators", () => {
    expect(colours("process_name:(cmd.exe || powershell.exe) && +hostname:dc01")).toEqual([
      ["process_name:", "field"],
      ["(", "paren"],
      ["cmd.exe", "value"],
      ["||", "operator"],
      ["powershell.exe", "value"],
      [")", "paren"],
      ["&&", "operator"],
      ["+", "operator"],
      ["hostname:", "field"],
      ["dc01", "value"],
    ]);
  });

  it("errors: what the server would refuse is marked, and the rest still reads", () => {
    expect(colours("process_name:(foo")).toEqual([
      ["process_name:", "field"],
      ["(", "error"],
      ["foo", "value"],
    ]);
    expect(colours("a) b")).toEqual([
      ["a", "value"],
      [")", "error"],
      ["b", "value"],
    ]);
    expect(colours("process_name: cmd.exe")).toEqual([
      ["process_name:", "error"],
      ["cmd.exe", "value"],
    ]);
    expect(colours('cmdline:"unterminated phrase')).toEqual([
      ["cmdline:", "field"],
      ['"unterminated phrase', "error"],
    ]);
    expect(colours("start:[2016-12-01 2016-12-02] hostname:x")).toEqual([
      ["start:", "field"],
      ["[2016-12-01 2016-12-02]", "error"],
      ["hostname:", "field"],
      ["x", "value"],
    ]);
    expect(colours("OR a AND")).toEqual([
      ["OR", "error"],
      ["a", "value"],
      ["AND", "error"],
    ]);
    expect(colours("a - b")).toEqual([
      ["a", "value"],
      ["-", "error"],
      ["b", "value"],
    ]);
  });

  it("tells the first problem in the server's words", () => {
    expect(firstProblem("process_name:(foo")?.message).toBe("unbalanced parenthesis: '(' is never closed");
    expect(firstProblem("a AND OR b")?.message).toBe("AND is not followed by a term");
    expect(firstProblem("OR a")?.message).toBe("OR has no term before it");
    expect(firstProblem("process_name:()")?.message).toBe("empty parentheses");
    expect(firstProblem("start:[1 TO")?.message).toBe("range on 'start' is missing a bound");
    expect(firstProblem("process_name:svchost.exe AND (a OR b)")).toBeNull();
  });

  it("knows whether an OR is at the top level", () => {
    expect(hasTopLevelOr("a OR b")).toBe(true);
    expect(hasTopLevelOr("(a OR b) c")).toBe(false);
    expect(hasTopLevelOr('path:"x OR y"')).toBe(false);
  });
});
