import { useId } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import type { SegmentInfo } from "../../api/analysis";
import { formatTime } from "../../components/format";

const eventsIn = (s: SegmentInfo) => Object.values(s.event_counts ?? {}).reduce((a, b) => a + (b ?? 0), 0);

/**
 * Previous / next segment and the list of all of them, plus the whole process (segment 0) at once. Links keep the
 * page's other state (event filters) in the URL.
 */
export function SegmentNav({ guid, segments, current }: { guid: string; segments: SegmentInfo[]; current: number }) {
  const { search } = useLocation();
  const navigate = useNavigate();
  const id = useId();
  const index = segments.findIndex((s) => s.segment_id === current);
  const to = (segment: number) => `/analyze/${guid}/${segment}${search}`;
  const prev = index > 0 ? segments[index - 1] : null;
  const next = index >= 0 && index + 1 < segments.length ? segments[index + 1] : null;
  const position =
    current === 0 ? `whole process, ${segments.length} segments` : index >= 0 ? `segment ${index + 1} of ${segments.length}` : "unknown segment";

  return (
    <nav className="segment-nav row" aria-label="Segments">
      {prev ? (
        <Link to={to(prev.segment_id)} rel="prev">
          ‹ Previous segment
        </Link>
      ) : (
        <span className="muted" aria-hidden="true">
          ‹ Previous segment
        </span>
      )}
      <label className="inline" htmlFor={`${id}-seg`}>
        Segment
        <select id={`${id}-seg`} value={String(current)} onChange={(e) => navigate(to(Number(e.target.value)))}>
          <option value="0">Whole process (all {segments.length} segments)</option>
          {segments.map((s, i) => (
            <option key={s.segment_id} value={String(s.segment_id)}>
              {i + 1}: until {formatTime(s.last_update)} ({eventsIn(s).toLocaleString()} {eventsIn(s) === 1 ? "event" : "events"})
            </option>
          ))}
          {current !== 0 && index < 0 && <option value={String(current)}>{current} (not found)</option>}
        </select>
      </label>
      {next ? (
        <Link to={to(next.segment_id)} rel="next">
          Next segment ›
        </Link>
      ) : (
        <span className="muted" aria-hidden="true">
          Next segment ›
        </span>
      )}
      <span className="muted">{position}</span>
    </nav>
  );
}
