import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { analysisApi, CHILD_LIMIT, keys, parentOf, type ProcessDoc, type ProcessSummary } from "../../api/analysis";
import { feedScores } from "../../api/process";
import { formatCount, formatTime } from "../../components/format";

/** The whole process's facts: where it ran, as whom, from what binary, when, and its parent. */
export function ProcessFacts({ summary }: { summary: ProcessSummary }) {
  const p = summary.process;
  const parent = parentOf(summary);
  const children = summary.children.length;
  return (
    <dl className="facts">
      <dt>Path</dt>
      <dd className="mono">{p.path || "—"}</dd>
      <dt>Command line</dt>
      <dd className="mono">{p.cmdline || "—"}</dd>
      <dt>User</dt>
      <dd>{p.username || "—"}</dd>
      <dt>Host</dt>
      <dd>
        <Link to={`/sensors/${p.sensor_id}`}>{p.hostname || `sensor ${p.sensor_id}`}</Link>
        {p.os_type ? <span className="muted"> · {p.os_type}</span> : null}
        {p.group ? <span className="muted"> · {p.group}</span> : null}
      </dd>
      <dt>PID</dt>
      <dd>{p.process_pid}</dd>
      <dt>MD5</dt>
      <dd>
        {p.process_md5 ? (
          <Link className="mono" to={`/binary/${p.process_md5.toUpperCase()}`}>
            {p.process_md5}
          </Link>
        ) : (
          "—"
        )}
      </dd>
      <dt>Started</dt>
      <dd>{formatTime(p.start)}</dd>
      <dt>{p.terminated ? "Ended" : "Last update"}</dt>
      <dd>
        {formatTime(p.terminated ? (p.end ?? p.last_update) : p.last_update)}
        {!p.terminated && <span className="muted"> (still running when last heard of)</span>}
      </dd>
      <dt>Parent</dt>
      <dd>
        {parent ? (
          <Link to={`/analyze/${parent.id}`}>
            {parent.process_name} (pid {parent.process_pid})
          </Link>
        ) : p.parent_name ? (
          <span>
            {p.parent_name}
            {p.parent_pid !== undefined && p.parent_pid >= 0 ? ` (pid ${p.parent_pid})` : ""}{" "}
            <span className="muted">not recorded</span>
          </span>
        ) : (
          "—"
        )}
      </dd>
      <dt>Child processes</dt>
      <dd data-testid="child-count">
        {children >= CHILD_LIMIT ? `${formatCount(children)}+` : formatCount(children)}
      </dd>
      <dt>Events</dt>
      <dd>
        <EventCounts doc={p} />
      </dd>
    </dl>
  );
}

function EventCounts({ doc }: { doc: ProcessDoc }) {
  const parts: [string, number | undefined][] = [
    ["network", doc.netconn_count],
    ["modules", doc.modload_count],
    ["files", doc.filemod_count],
    ["registry", doc.regmod_count],
    ["cross-process", doc.crossproc_count],
    ["child process", doc.childproc_count],
  ];
  return (
    <span>
      {parts
        .filter(([, n]) => n !== undefined)
        .map(([label, n]) => `${formatCount(n)} ${label}`)
        .join(" · ")}
    </span>
  );
}

/**
 * Watchlist and feed hits and investigation tags. The server writes hits onto search rows (not onto summaries), so
 * the process's segments are asked for through the search, and the watchlists' names only when there is a hit.
 */
export function ProcessHits({ summary }: { summary: ProcessSummary }) {
  const guid = summary.process.id;
  const hits = useQuery({ queryKey: keys.hits(guid), queryFn: ({ signal }) => analysisApi.hits(guid, signal) });
  const tagged = useQuery({ queryKey: keys.tagged(guid), queryFn: ({ signal }) => analysisApi.taggedEvents(guid, signal) });
  const docs: ProcessDoc[] = [summary.process, ...(hits.data?.results ?? [])];

  const watchlists = new Map<string, { value: string; segments: Set<number> }>();
  const feeds = new Map<string, number>();
  for (const d of docs) {
    for (const w of d.watchlists ?? []) {
      const seen = watchlists.get(w.wid) ?? { value: w.value, segments: new Set<number>() };
      if (w.value > seen.value) seen.value = w.value;
      (w.segments_hit ?? []).forEach((s) => seen.segments.add(s));
      watchlists.set(w.wid, seen);
    }
    for (const f of feedScores(d)) {
      const prev = feeds.get(f.feed);
      if (prev === undefined || f.score > prev) feeds.set(f.feed, f.score);
    }
  }
  const names = useQuery({
    queryKey: keys.watchlists(),
    queryFn: ({ signal }) => analysisApi.watchlists(signal),
    enabled: watchlists.size > 0,
  });
  const nameOf = (wid: string) => names.data?.find((w) => String(w.id) === wid)?.name ?? `Watchlist ${wid}`;
  const tags = tagged.data ?? [];
  const nothing = watchlists.size === 0 && feeds.size === 0 && tags.length === 0;

  return (
    <div className="stack hits">
      {(hits.isPending || tagged.isPending) && <p className="muted">Looking for hits…</p>}
      {!hits.isPending && !tagged.isPending && nothing && <p className="muted">No watchlist or feed hits, and no tags.</p>}
      {watchlists.size > 0 && (
        <div>
          <h3>Watchlist hits</h3>
          <ul className="plain">
            {[...watchlists].map(([wid, w]) => (
              <li key={wid}>
                <span className="badge warn">{nameOf(wid)}</span> <span className="muted">{formatTime(w.value)}</span>
                {w.segments.size > 0 && <span className="muted"> · {w.segments.size} segment(s)</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {feeds.size > 0 && (
        <div>
          <h3>Feed hits</h3>
          <ul className="plain">
            {[...feeds].map(([feed, score]) => (
              <li key={feed}>
                <span className="badge danger">{feed}</span> <span className="muted">score {score}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {tags.length > 0 && (
        <div>
          <h3>Tags</h3>
          <ul className="plain">
            {tags.map((t) => (
              <li key={t.id}>
                <span className="badge">investigation {t.investigation_id}</span> {t.event_type}
                {typeof t.event_data?.description === "string" ? ` — ${t.event_data.description}` : ""}
                {t.notes ? <span className="muted"> ({t.notes})</span> : null}
                {t.tagged_by_user_id ? <span className="muted"> · tagged by {t.tagged_by_user_id}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
