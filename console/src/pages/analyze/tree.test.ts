import { describe, expect, it } from "vitest";
import { childrenFromSummary, flatten, moveFrom, parentChildrenFromSummary, type Children, type TreeRow } from "./tree";
import { guid, processDoc, summary } from "./fixtures";
import { parseTarget } from "./target";

function source(map: Record<string, Children>, leaves: string[] = []) {
  return {
    childrenOf: (id: string): Children => map[id] ?? { status: "unknown" },
    mayHaveChildren: (id: string) => !leaves.includes(id),
  };
}
const loaded = (ids: string[], truncated = false): Children => ({ status: "loaded", ids, truncated });
const label = (r: TreeRow) => (r.kind === "node" ? `${"  ".repeat(r.level - 1)}${r.id}${r.expanded ? " -" : r.expandable ? " +" : ""}` : `${"  ".repeat(r.level - 1)}[${r.kind}]`);

describe("flatten", () => {
  const tree = source({ root: loaded(["a", "b", "c"]), a: loaded(["a1", "a2"]), b: loaded([]) }, ["a1", "a2", "c"]);

  it("lists the open nodes depth-first with levels and places among siblings", () => {
    const rows = flatten("root", new Set(["root", "a"]), tree);
    expect(rows.map(label)).toEqual(["root -", "  a -", "    a1", "    a2", "  b", "  c"]);
    const a2 = rows[3];
    expect(a2).toMatchObject({ level: 3, posinset: 2, setsize: 2, parentIndex: 1 });
    expect(rows[5]).toMatchObject({ posinset: 3, setsize: 3, parentIndex: 0 });
  });

  it("shows a node that may have children as closed until opened, and a loading row while they come", () => {
    const lazy = source({ root: loaded(["x"]), x: { status: "loading" } });
    expect(flatten("root", new Set(["root"]), lazy).map(label)).toEqual(["root -", "  x +"]);
    expect(flatten("root", new Set(["root", "x"]), lazy).map(label)).toEqual(["root -", "  x -", "    [loading]"]);
    const failed = source({ root: loaded(["x"]), x: { status: "error", message: "boom" } });
    expect(flatten("root", new Set(["root", "x"]), failed)[2]).toMatchObject({ kind: "error", message: "boom", parentIndex: 1 });
  });

  it("ends a list the server cut with a row saying there are more", () => {
    const rows = flatten("root", new Set(["root"]), source({ root: loaded(["a", "b"], true) }, ["a", "b"]));
    expect(rows.map(label)).toEqual(["root -", "  a", "  b", "  [truncated]"]);
    expect(rows[1]).toMatchObject({ setsize: 3 });
    expect(rows[3]).toMatchObject({ posinset: 3, setsize: 3 });
  });

  it("stops at a process that is its own ancestor instead of looping", () => {
    const rows = flatten("a", new Set(["a", "b"]), source({ a: loaded(["b"]), b: loaded(["a"]) }));
    expect(rows.map(label)).toEqual(["a -", "  b -", "    a +"]);
  });

  it("flattens 500 children, in order", () => {
    const ids = Array.from({ length: 500 }, (_, i) => `c${i}`);
    const rows = flatten("root", new Set(["root"]), source({ root: loaded(ids) }, ids));
    expect(rows).toHaveLength(501);
    expect(rows[500]).toMatchObject({ id: "c499" });
  });
});

describe("keyboard moves", () => {
  const rows = flatten("root", new Set(["root", "a"]), source({ root: loaded(["a", "b"]), a: loaded(["a1"]), b: { status: "unknown" } }, ["a1"]));
  // root, a, a1, b

  it("goes up and down, home and end", () => {
    expect(moveFrom(rows, 0, "ArrowDown")).toEqual({ index: 1 });
    expect(moveFrom(rows, 3, "ArrowDown")).toBeNull();
    expect(moveFrom(rows, 2, "ArrowUp")).toEqual({ index: 1 });
    expect(moveFrom(rows, 2, "Home")).toEqual({ index: 0 });
    expect(moveFrom(rows, 0, "End")).toEqual({ index: 3 });
  });

  it("opens a closed node with →, enters an open one, closes with ← or goes to the parent", () => {
    expect(moveFrom(rows, 3, "ArrowRight")).toEqual({ toggle: "b" });
    expect(moveFrom(rows, 1, "ArrowRight")).toEqual({ index: 2 });
    expect(moveFrom(rows, 2, "ArrowRight")).toBeNull();
    expect(moveFrom(rows, 1, "ArrowLeft")).toEqual({ toggle: "a" });
    expect(moveFrom(rows, 2, "ArrowLeft")).toEqual({ index: 1 });
    expect(moveFrom(rows, 0, "x")).toBeNull();
  });
});

describe("children from summaries", () => {
  const parent = processDoc({ id: guid(1), process_name: "services.exe" });
  const late = processDoc({ id: guid(2), start: "2015-11-16T18:00:00.000Z" });
  const early = processDoc({ id: guid(3), start: "2015-11-16T17:00:00.000Z" });
  const me = processDoc({ id: guid(4), start: "2015-11-16T17:30:00.000Z", parent_id: guid(1) });

  it("orders children by start time and says when the server's limit cut them", () => {
    expect(childrenFromSummary(summary(me, parent, [late, early]))).toEqual({ status: "loaded", ids: [guid(3), guid(2)], truncated: false });
    expect(childrenFromSummary(summary(me, parent, [late, early]), 2)).toMatchObject({ truncated: true });
  });

  it("knows the parent's children from the siblings, the process included, without asking the server", () => {
    expect(parentChildrenFromSummary(summary(me, parent, [], [late, early]))).toEqual({
      status: "loaded",
      ids: [guid(3), guid(4), guid(2)],
      truncated: false,
    });
    expect(parentChildrenFromSummary(summary(me, null, []))).toBeNull();
  });
});

describe("the URL's process and segment", () => {
  const g = "00000002-0000-03a8-01d1-2098328608a8";
  it("reads the webui_link form, a unique id, and a bare GUID", () => {
    expect(parseTarget(g, "1796689480283")).toEqual({ guid: g, segment: 1796689480283 });
    expect(parseTarget(g, undefined)).toEqual({ guid: g, segment: undefined });
    expect(parseTarget(`${g}-01a25309ca5b`, undefined)).toEqual({ guid: g, segment: 0x01a25309ca5b });
    expect(parseTarget(`${g.toUpperCase()}-00000001`, undefined)).toEqual({ guid: g, segment: 1 });
    expect(parseTarget(g, "0")).toEqual({ guid: g, segment: 0 });
  });
  it("refuses what is not a process id or a segment", () => {
    expect(parseTarget("nonsense", undefined)).toHaveProperty("error");
    expect(parseTarget(g, "12ab")).toHaveProperty("error");
    expect(parseTarget(`${g}-01-02`, undefined)).toHaveProperty("error");
  });
});
