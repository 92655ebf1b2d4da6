// The process tree as rows: what is open, flattened depth-first into the list the tree widget renders (and
// virtualises), each row knowing its level, its place among its siblings and its parent's row, which is all that
// keyboard navigation and the ARIA tree attributes need. Pure, so it is tested without a browser.

import { CHILD_LIMIT, parentOf, type ProcessDoc, type ProcessSummary } from "../../api/analysis";

/** What is known of a node's children. */
export type Children =
  | { status: "unknown" }
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "loaded"; ids: string[]; truncated: boolean };

export type TreeRow =
  | {
      kind: "node";
      key: string;
      id: string;
      level: number;
      posinset: number;
      setsize: number;
      expandable: boolean;
      expanded: boolean;
      parentIndex: number | null;
    }
  | {
      /** A row standing for the state of a parent's children: still loading, failed, or more than the tree shows. */
      kind: "loading" | "error" | "truncated";
      key: string;
      parentId: string;
      level: number;
      posinset: number;
      setsize: number;
      parentIndex: number;
      message?: string;
    };

export interface TreeSource {
  childrenOf(id: string): Children;
  /** Whether a node may have children before they are fetched (its childproc_count). */
  mayHaveChildren(id: string): boolean;
}

/** The rows of a tree under `rootId` with the `expanded` nodes open. Iterative: a deep chain cannot overflow. */
export function flatten(rootId: string, expanded: ReadonlySet<string>, source: TreeSource): TreeRow[] {
  type Node = { id: string; level: number; posinset: number; setsize: number; parentIndex: number | null };
  // Work still to do, last first: a node to lay out, a ready-made row to emit, or the end of a node's subtree.
  type Task = { node: Node } | { row: TreeRow } | { leave: string };
  const rows: TreeRow[] = [];
  const tasks: Task[] = [{ node: { id: rootId, level: 1, posinset: 1, setsize: 1, parentIndex: null } }];
  const onPath = new Set<string>();
  while (tasks.length) {
    const task = tasks.pop()!;
    if ("row" in task) {
      rows.push(task.row);
      continue;
    }
    if ("leave" in task) {
      onPath.delete(task.leave);
      continue;
    }
    const f = task.node;
    const children = source.childrenOf(f.id);
    const expandable =
      children.status === "loaded" ? children.ids.length > 0 || children.truncated : source.mayHaveChildren(f.id);
    // A GUID seen twice on one branch would loop forever (a corrupt parent link): show it again, closed.
    const open = expanded.has(f.id) && expandable && !onPath.has(f.id);
    const index = rows.length;
    rows.push({
      kind: "node",
      key: `${f.parentIndex ?? "root"}/${f.id}`,
      id: f.id,
      level: f.level,
      posinset: f.posinset,
      setsize: f.setsize,
      expandable,
      expanded: open,
      parentIndex: f.parentIndex,
    });
    if (!open) continue;
    const level = f.level + 1;
    if (children.status !== "loaded") {
      rows.push({
        kind: children.status === "error" ? "error" : "loading",
        key: `${index}/state`,
        parentId: f.id,
        level,
        posinset: 1,
        setsize: 1,
        parentIndex: index,
        message: children.status === "error" ? children.message : undefined,
      });
      continue;
    }
    onPath.add(f.id);
    const size = children.ids.length + (children.truncated ? 1 : 0);
    // Pushed in reverse so they come out in order: the children, the note that there are more, then leaving f.
    tasks.push({ leave: f.id });
    if (children.truncated) {
      tasks.push({
        row: { kind: "truncated", key: `${index}/more`, parentId: f.id, level, posinset: size, setsize: size, parentIndex: index },
      });
    }
    for (let i = children.ids.length - 1; i >= 0; i--) {
      tasks.push({ node: { id: children.ids[i], level, posinset: i + 1, setsize: size, parentIndex: index } });
    }
  }
  return rows;
}

/** Start time order, the order a process started its children in. */
export function byStart(a: ProcessDoc, b: ProcessDoc): number {
  // ISO-8601 times of one form order as strings; plain comparison, not localeCompare (slow on long lists).
  const sa = a.start ?? "";
  const sb = b.start ?? "";
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const childrenCache = new WeakMap<ProcessSummary, Children>();

/** The children a summary lists, in start order, and whether the server cut the list at its limit. */
export function childrenFromSummary(summary: ProcessSummary, limit = CHILD_LIMIT): Children {
  const cached = limit === CHILD_LIMIT ? childrenCache.get(summary) : undefined;
  if (cached) return cached;
  const list = [...summary.children].sort(byStart);
  const children: Children = { status: "loaded", ids: unique(list.map((d) => d.id)), truncated: summary.children.length >= limit };
  if (limit === CHILD_LIMIT) childrenCache.set(summary, children);
  return children;
}

/**
 * The parent's children as the focus process's summary already tells them (its siblings and itself), so opening the
 * page costs no request for the parent's own summary.
 */
export function parentChildrenFromSummary(summary: ProcessSummary, limit = CHILD_LIMIT): Children | null {
  if (!parentOf(summary)) return null;
  const list = [...summary.siblings, summary.process].sort(byStart);
  return { status: "loaded", ids: unique(list.map((d) => d.id)), truncated: summary.siblings.length >= limit };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** Every document a set of summaries names, by process GUID (the first one seen wins: they are the same process). */
export function docsOf(summaries: Iterable<ProcessSummary>): Map<string, ProcessDoc> {
  const docs = new Map<string, ProcessDoc>();
  const put = (d: ProcessDoc | null | undefined) => {
    if (d && d.id && !docs.has(d.id)) docs.set(d.id, d);
  };
  for (const s of summaries) {
    put(s.process);
    put(parentOf(s));
    s.children.forEach(put);
    s.siblings.forEach(put);
  }
  return docs;
}

/** The row index the keyboard moves to from `index` (null: stay), per the WAI-ARIA tree pattern. */
export function moveFrom(rows: TreeRow[], index: number, key: string): { index: number } | { toggle: string } | null {
  const row = rows[index];
  if (!row) return rows.length ? { index: 0 } : null;
  switch (key) {
    case "ArrowDown":
      return index + 1 < rows.length ? { index: index + 1 } : null;
    case "ArrowUp":
      return index > 0 ? { index: index - 1 } : null;
    case "Home":
      return { index: 0 };
    case "End":
      return { index: rows.length - 1 };
    case "ArrowRight":
      if (row.kind !== "node" || !row.expandable) return null;
      if (!row.expanded) return { toggle: row.id };
      return index + 1 < rows.length ? { index: index + 1 } : null;
    case "ArrowLeft":
      if (row.kind === "node" && row.expanded) return { toggle: row.id };
      return row.parentIndex !== null ? { index: row.parentIndex } : null;
    default:
      return null;
  }
}
