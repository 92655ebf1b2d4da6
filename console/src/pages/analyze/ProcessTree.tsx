import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useQueries } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Link, useNavigate } from "react-router";
import { analysisApi, CHILD_LIMIT, keys, parentOf, type ProcessDoc, type ProcessSummary } from "../../api/analysis";
import { ApiError } from "../../api/client";
import { formatTime } from "../../components/format";
import {
  childrenFromSummary,
  docsOf,
  flatten,
  moveFrom,
  parentChildrenFromSummary,
  type Children,
  type TreeRow,
} from "./tree";

const ROW_HEIGHT = 28;
/** The tree grows with its rows up to this, then scrolls. */
const MAX_HEIGHT = 420;

interface TreeState {
  rootId: string;
  expanded: string[];
  /** Ancestors loaded above the parent: each pinned to the child it was opened from (so a cut list still shows it). */
  pinned: [string, string][];
  /** Name and pid of ancestors not fetched yet, from their child's parent_name / parent_pid. */
  stubs: [string, { name: string; pid: number | undefined }][];
  activeId: string;
  /** Ancestors the server answered 404 for: not offered again. */
  unknown?: string[];
}

// Where the analyst left each process's tree: coming back (or pressing Back) reopens it as it was.
const remembered = new Map<string, TreeState>();

function initialState(focus: ProcessSummary): TreeState {
  const id = focus.process.id;
  const kept = remembered.get(id);
  if (kept) return kept;
  const parent = parentOf(focus);
  return {
    rootId: parent ? parent.id : id,
    expanded: parent ? [parent.id, id] : [id],
    pinned: [],
    stubs: [],
    activeId: id,
  };
}

/**
 * The process tree around the analysed process: its parent (and, on request, the ancestors above, fetched one at a
 * time), its siblings, and children fetched when a node is opened. The rows are virtualised, so a node with hundreds
 * of children opens at once; keyboard navigation follows the WAI-ARIA tree pattern (arrows, Home/End, Enter).
 */
export function ProcessTree({ focus }: { focus: ProcessSummary }) {
  const focusId = focus.process.id;
  const [state, setState] = useState<TreeState>(() => initialState(focus));
  useEffect(() => {
    remembered.delete(focusId);
    remembered.set(focusId, state);
    // The last few dozen trees are enough to go back and forth; the oldest is forgotten first.
    if (remembered.size > 50) remembered.delete(remembered.keys().next().value!);
  }, [focusId, state]);

  const parent = parentOf(focus);
  const expanded = useMemo(() => new Set(state.expanded), [state.expanded]);
  const pinned = useMemo(() => new Map(state.pinned), [state.pinned]);
  const stubs = useMemo(() => new Map(state.stubs), [state.stubs]);

  // Summaries the tree needs beyond the page's own: open nodes, and the root (its document names its parent).
  const needed = useMemo(() => {
    const ids = new Set([...state.expanded, state.rootId]);
    ids.delete(focusId);
    if (parent) ids.delete(parent.id);
    return [...ids];
  }, [state.expanded, state.rootId, focusId, parent]);
  const results = useQueries({
    queries: needed.map((id) => ({
      queryKey: keys.summary(id, 0),
      queryFn: ({ signal }: { signal: AbortSignal }) => analysisApi.summary(id, 0, CHILD_LIMIT, signal),
      staleTime: 60_000,
    })),
  });
  const byId = new Map(needed.map((id, i) => [id, results[i]]));
  const loaded = results.map((r) => r.data).filter((d): d is ProcessSummary => !!d);
  const docs = docsOf([focus, ...loaded]);

  const parentChildren = useMemo(() => parentChildrenFromSummary(focus), [focus]);
  const focusChildren = useMemo(() => childrenFromSummary(focus), [focus]);

  const childrenOf = (id: string): Children => {
    let c: Children;
    if (id === focusId) c = focusChildren;
    else if (parent && id === parent.id && parentChildren) c = parentChildren;
    else {
      const r = byId.get(id);
      if (!r) c = { status: "unknown" };
      else if (r.data) c = childrenFromSummary(r.data);
      else if (r.error) c = { status: "error", message: r.error instanceof Error ? r.error.message : String(r.error) };
      else c = { status: "loading" };
    }
    const pin = pinned.get(id);
    if (pin && c.status === "loaded" && !c.ids.includes(pin)) c = { ...c, ids: [...c.ids, pin] };
    return c;
  };
  const rows = flatten(state.rootId, expanded, {
    childrenOf,
    mayHaveChildren: (id) => {
      const d = docs.get(id);
      return !d || (d.childproc_count ?? 1) > 0;
    },
  });

  const rowKey = (r: TreeRow) => (r.kind === "node" ? r.id : `${r.kind}:${r.parentId}`);
  // The row the keyboard is on; if it was closed away, the analysed process's row.
  const found = rows.findIndex((r) => rowKey(r) === state.activeId);
  const current = found >= 0 ? found : Math.max(0, rows.findIndex((r) => r.kind === "node" && r.id === focusId));
  const rootDoc = docs.get(state.rootId);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 600, height: MAX_HEIGHT },
  });
  const idPrefix = useId();
  const rowDomId = (i: number) => `${idPrefix}-row-${i}`;
  const navigate = useNavigate();

  // Bring the analysed process into view on first render (it may sit among hundreds of siblings).
  const scrolledOnce = useRef(false);
  useEffect(() => {
    if (scrolledOnce.current || rows.length === 0) return;
    scrolledOnce.current = true;
    virtual.scrollToIndex(current, { align: "center" });
  }, [rows.length, current, virtual]);

  const toggle = useCallback((id: string) => {
    setState((s) => ({
      ...s,
      expanded: s.expanded.includes(id) ? s.expanded.filter((e) => e !== id) : [...s.expanded, id],
    }));
  }, []);

  const activate = (row: TreeRow) => {
    if (row.kind === "node") toggle(row.id);
    else if (row.kind === "truncated") navigate(`/search?q=${encodeURIComponent(`parent_id:${row.parentId}`)}`);
    else if (row.kind === "error") results[needed.indexOf(row.parentId)]?.refetch();
  };

  const setActive = (index: number, scroll = true) => {
    const row = rows[index];
    if (!row) return;
    // Pseudo rows (loading, more…) take focus too; they are remembered by their parent's id.
    setState((s) => ({ ...s, activeId: rowKey(row) }));
    if (scroll) virtual.scrollToIndex(index);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      const row = rows[current];
      if (row) activate(row);
      return;
    }
    const move = moveFrom(rows, current, e.key);
    if (!move) return;
    e.preventDefault();
    if ("toggle" in move) toggle(move.toggle);
    else setActive(move.index);
  };

  // An ancestor the server does not know (404): back to the tree as it was, saying why.
  const [notice, setNotice] = useState<string | null>(null);
  const rootError = byId.get(state.rootId)?.error;
  useEffect(() => {
    if (!(rootError instanceof ApiError && rootError.status === 404)) return;
    const from = state.pinned.find(([up]) => up === state.rootId)?.[1];
    if (!from) return;
    const name = stubs.get(state.rootId)?.name ?? "The parent";
    setState((s) => ({
      ...s,
      rootId: from,
      expanded: s.expanded.filter((e) => e !== s.rootId),
      pinned: s.pinned.filter(([up]) => up !== s.rootId),
      unknown: [...(s.unknown ?? []), s.rootId],
    }));
    setNotice(`${name} is not recorded on this server.`);
  }, [rootError, state.rootId, state.pinned, stubs]);

  const showParentOfRoot = () => {
    if (!rootDoc?.parent_id) return;
    const up = rootDoc.parent_id;
    setState((s) => ({
      ...s,
      rootId: up,
      expanded: s.expanded.includes(up) ? s.expanded : [...s.expanded, up],
      pinned: [...s.pinned, [up, s.rootId]],
      stubs: [...s.stubs, [up, { name: rootDoc.parent_name ?? "parent", pid: rootDoc.parent_pid }]],
    }));
  };

  const items = virtual.getVirtualItems();
  const activeRendered = items.some((i) => i.index === current);
  const activeRow = rows[current];
  const activeDoc = activeRow?.kind === "node" ? docs.get(activeRow.id) : undefined;
  // Whether the root has a parent to show: its own summary says so when it was fetched (`parent: {}` when the server
  // has none); for the analysed process's parent, not fetched, its document's parent_id is all there is to go by.
  const rootSummary = state.rootId === focusId ? focus : byId.get(state.rootId)?.data;
  const hasParent =
    !(state.unknown ?? []).includes(rootDoc?.parent_id ?? "") &&
    (rootSummary ? parentOf(rootSummary) !== null : !!rootDoc?.parent_id);
  const rootParentName = hasParent && rootDoc?.parent_id ? (rootDoc.parent_name || "its parent") : null;

  return (
    <div className="ptree-wrap">
      <div className="row ptree-top">
        {rootParentName ? (
          <button type="button" onClick={showParentOfRoot}>
            Show parent: {rootParentName}
            {rootDoc?.parent_pid !== undefined && rootDoc.parent_pid >= 0 ? ` (pid ${rootDoc.parent_pid})` : ""}
          </button>
        ) : (
          <span className="muted" role="status">
            {notice ?? (rootDoc ? "No earlier ancestor recorded." : "")}
          </span>
        )}
        <span className="muted ptree-help" id={`${idPrefix}-help`}>
          Arrow keys move, Enter or → opens, ← closes.
        </span>
      </div>
      <div
        ref={scroller}
        className="ptree"
        style={{ height: Math.min(MAX_HEIGHT, Math.max(3, rows.length) * ROW_HEIGHT + 4) }}
        role="tree"
        aria-label="Process tree"
        aria-describedby={`${idPrefix}-help`}
        tabIndex={0}
        aria-activedescendant={activeRendered ? rowDomId(current) : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index];
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, paddingLeft: 6 + (row.level - 1) * 18 };
            const selected = item.index === current;
            const common = {
              id: rowDomId(item.index),
              role: "treeitem" as const,
              "aria-level": row.level,
              "aria-setsize": row.setsize,
              "aria-posinset": row.posinset,
              "aria-selected": selected,
              "data-index": item.index,
              style,
              onClick: () => {
                setActive(item.index, false);
                activate(row);
                scroller.current?.focus({ preventScroll: true });
              },
            };
            if (row.kind !== "node") {
              return (
                <div key={row.key} {...common} className={`ptree-row pseudo${selected ? " active" : ""}`}>
                  <span className="twisty" aria-hidden="true" />
                  {row.kind === "loading" && <span className="muted">Loading child processes…</span>}
                  {row.kind === "error" && <span className="error">Could not load the children ({row.message}); Enter retries.</span>}
                  {row.kind === "truncated" && (
                    <span>More than {CHILD_LIMIT.toLocaleString()} child processes: search them all</span>
                  )}
                </div>
              );
            }
            const doc = docs.get(row.id);
            const stub = stubs.get(row.id);
            const name = doc ? doc.process_name || "(unknown)" : (stub?.name ?? row.id);
            const pid = doc?.process_pid ?? stub?.pid;
            const isFocus = row.id === focusId;
            const known = childrenOf(row.id);
            return (
              <div
                key={row.key}
                {...common}
                aria-expanded={row.expandable ? row.expanded : undefined}
                aria-current={isFocus ? "page" : undefined}
                className={`ptree-row${selected ? " active" : ""}${isFocus ? " focus" : ""}`}
                onDoubleClick={() => !isFocus && navigate(`/analyze/${row.id}`)}
                title={doc?.path}
              >
                <span className="twisty" aria-hidden="true">
                  {row.expandable ? (row.expanded ? "▾" : "▸") : "·"}
                </span>
                <span className="pname">{name}</span>
                {pid !== undefined && pid >= 0 && <span className="muted"> pid {pid}</span>}
                {known.status === "loaded" && known.ids.length > 0 && (
                  <span className="muted">
                    {" "}
                    · {known.ids.length}
                    {known.truncated ? "+" : ""} {known.ids.length === 1 ? "child" : "children"}
                  </span>
                )}
                {isFocus && <span className="badge"> this process</span>}
                {doc?.terminated && <span className="sr-only"> (ended)</span>}
              </div>
            );
          })}
        </div>
      </div>
      <SelectedProcess doc={activeDoc} isFocus={activeDoc?.id === focusId} />
    </div>
  );
}

/** The facts of the row the keyboard or the mouse is on, and the way to analyse it. */
function SelectedProcess({ doc, isFocus }: { doc: ProcessDoc | undefined; isFocus: boolean }) {
  if (!doc) return <div className="ptree-selected muted" aria-live="polite" />;
  return (
    <section className="ptree-selected" aria-label="Selected process" aria-live="polite">
      <div className="row">
        <strong>{doc.process_name || "(unknown)"}</strong>
        <span className="muted">pid {doc.process_pid}</span>
        {isFocus ? (
          <span className="badge">analysed here</span>
        ) : (
          <Link to={`/analyze/${doc.id}`}>Analyze {doc.process_name || `pid ${doc.process_pid}`}</Link>
        )}
      </div>
      <div className="mono ptree-cmd" title={doc.cmdline || doc.path}>
        {doc.cmdline || doc.path}
      </div>
      <div className="muted">
        Started {formatTime(doc.start)}
        {doc.terminated ? `, ended ${formatTime(doc.end ?? doc.last_update)}` : ""} · {doc.username || "unknown user"}
      </div>
    </section>
  );
}
