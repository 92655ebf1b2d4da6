import { addTerm, formatValue, hasTerm } from "./terms";
import { tokenize } from "./lexer";

describe("adding terms to a query", () => {
  it("an empty query (or *) becomes the term", () => {
    expect(addTerm("", "process_name", "svchost.exe")).toBe("process_name:svchost.exe");
    expect(addTerm("  * ", "process_name", "svchost.exe")).toBe("process_name:svchost.exe");
  });

  it("is ANDed to the query, which is parenthesised when its top level is an OR", () => {
    expect(addTerm("process_name:svchost.exe", "hostname", "WIN-1")).toBe("process_name:svchost.exe hostname:WIN-1");
    expect(addTerm("a OR b", "hostname", "x")).toBe("(a OR b) hostname:x");
    expect(addTerm("(a OR b) c", "hostname", "x")).toBe("(a OR b) c hostname:x");
  });

  it("quotes values that would otherwise split or start a range, keeping backslashes", () => {
    expect(formatValue("Default Group")).toBe('"Default Group"');
    expect(formatValue("c:\\program files (x86)\\app.exe")).toBe('"c:\\program files (x86)\\app.exe"');
    expect(formatValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(formatValue("[odd")).toBe('"[odd"');
    expect(formatValue("WORKSTATION\\alice")).toBe("WORKSTATION\\alice");
    const q = addTerm("", "group", "Default Group");
    expect(tokenize(q).map((t) => t.type)).toEqual(["field", "string"]);
  });

  it("does not add a term the query already requires, but does narrow an OR or a negation", () => {
    expect(hasTerm("process_name:svchost.exe hostname:x", "hostname", "X")).toBe(true);
    expect(addTerm("process_name:svchost.exe", "process_name", "svchost.exe")).toBe("process_name:svchost.exe");
    expect(addTerm("-hostname:x", "hostname", "x")).toBe("-hostname:x hostname:x");
    expect(addTerm("hostname:x OR a", "hostname", "x")).toBe("(hostname:x OR a) hostname:x");
    expect(addTerm("(hostname:x OR a)", "hostname", "x")).toBe("(hostname:x OR a) hostname:x");
  });

  it("can exclude a value", () => {
    expect(addTerm("a", "hostname", "x", true)).toBe("a -hostname:x");
  });
});
