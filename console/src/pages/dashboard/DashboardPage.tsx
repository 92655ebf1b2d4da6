import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, type ReactNode } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/client";
import { dashboard, type DashboardStatistics, type IngestRate } from "../../api/dashboard";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { formatBytes, formatCount, formatTime } from "../../components/format";
import { Chart } from "./Chart";
import {
  BANDS,
  formatRate,
  ingestOption,
  ingestSeries,
  severityOption,
  severityOverTime,
  topFeeds,
  topWatchlists,
  type Palette,
  type Top,
} from "./charts";
import "./dashboard.css";

const REFRESH = 30_000;

/** `/`: the state of the fleet and the server at a glance; every tile links to the page that tells more. */
export default function DashboardPage() {
  const stats = useQuery({
    queryKey: ["dashboard", "statistics"],
    queryFn: dashboard.statistics,
    refetchInterval: REFRESH,
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageTitle>Dashboard</PageTitle>
      <ErrorBox error={stats.error} />
      <div className="dash-grid">
        <SensorsTile stats={stats.data} />
        <IngestTile />
        <AlertsTile stats={stats.data} />
        <WatchlistsTile />
        <FeedsTile />
        {stats.data?.storage && <StorageTile storage={stats.data.storage} />}
      </div>
    </>
  );
}

function Tile({
  id,
  title,
  to,
  children,
  wide,
}: {
  id: string;
  title: string;
  to: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <section className={`panel dash-tile dash-${id}${wide ? " wide" : ""}`} aria-labelledby={`tile-${id}`}>
      <h2 id={`tile-${id}`}>
        <Link to={to}>{title}</Link>
      </h2>
      {children}
    </section>
  );
}

function Figure({ label, value, to, tone }: { label: string; value: ReactNode; to?: string; tone?: "ok" | "warn" | "danger" }) {
  const body = (
    <>
      <span className={`stat${tone ? ` tone-${tone}` : ""}`}>{value}</span>
      <span className="muted">{label}</span>
    </>
  );
  return (
    <div className="dash-figure" data-figure={label}>
      {to ? (
        <Link to={to} aria-label={`${label}: ${typeof value === "string" || typeof value === "number" ? value : ""}`}>
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}

function SensorsTile({ stats }: { stats: DashboardStatistics | undefined }) {
  const s = stats?.sensors;
  return (
    <Tile id="sensors" title="Sensors" to="/sensors">
      {!s ? (
        <Loading label="Counting the sensors" />
      ) : (
        <div className="dash-figures">
          <Figure label="Online" value={formatCount(s.online)} to="/sensors?status=online" tone="ok" />
          <Figure label="Offline" value={formatCount(s.offline)} to="/sensors?status=offline" />
          <Figure label="Isolated" value={formatCount(s.isolated)} to="/sensors?isolation=isolated" tone={s.isolated ? "warn" : undefined} />
          <Figure label="Total" value={formatCount(s.total)} to="/sensors" />
        </div>
      )}
    </Tile>
  );
}

function IngestTile() {
  const rate = useQuery({
    queryKey: ["dashboard", "ingest"],
    queryFn: dashboard.ingest,
    refetchInterval: REFRESH,
    placeholderData: keepPreviousData,
  });
  const data = rate.data;
  const option = useCallback((p: Palette) => ingestOption(ingestSeries(data as IngestRate), p), [data]);
  const missing = rate.error instanceof ApiError && rate.error.status === 404;
  return (
    <Tile id="ingest" title="Ingest rate" to="/search" wide>
      {rate.isPending && <Loading label="Reading the ingest rate" />}
      {missing && <p className="muted">This server does not report its ingest rate.</p>}
      {rate.error && !missing ? <ErrorBox error={rate.error} /> : null}
      {data && (
        <>
          <div className="dash-figures">
            <Figure label="events per second" value={formatRate(data.events_per_second)} />
            <Figure label="events indexed since the server started" value={formatCount(data.events_indexed_total)} />
          </div>
          <Chart
            option={option}
            label={`Events indexed per minute over the last ${data.intervals.length} minutes; now ${formatRate(data.events_per_second)} per second`}
            height={160}
          />
        </>
      )}
    </Tile>
  );
}

function AlertsTile({ stats }: { stats: DashboardStatistics | undefined }) {
  const bands = useQueries({
    queries: BANDS.map((band) => ({
      queryKey: ["dashboard", "alerts", band.key],
      queryFn: () => dashboard.alertFacets(band.query, ["created_time"]),
      refetchInterval: REFRESH,
      placeholderData: keepPreviousData,
    })),
  });
  const error = bands.find((b) => b.error)?.error;
  const loaded = bands.every((b) => b.data);
  const [high, medium, low] = bands.map((b) => b.data?.facets.created_time);
  const data = useMemo(
    () => (high && medium && low ? severityOverTime({ high, medium, low }) : null),
    [high, medium, low],
  );
  const option = useCallback((p: Palette) => severityOption(data!, p), [data]);
  const a = stats?.alerts;
  return (
    <Tile id="alerts" title="Alerts by severity" to="/alerts" wide>
      <div className="dash-figures">
        <Figure label="unresolved" value={a ? formatCount(a.unresolved) : "…"} to="/alerts" tone={a?.unresolved ? "danger" : undefined} />
        <Figure label="alerts in all" value={a ? formatCount(a.total) : "…"} to="/alerts?status=any" />
      </div>
      {data && (
        <p className="dash-caption">
          Last {data.days.length} days:{" "}
          {data.bands.map((b, i) => {
            const band = BANDS.find((x) => x.key === b.key)!;
            return (
              <span key={b.key}>
                {i > 0 && ", "}
                <Link
                  to={`/alerts?status=any&minsev=${band.min}&maxsev=${band.max}`}
                  aria-label={`${band.label}, last ${data.days.length} days: ${formatCount(b.total)}`}
                >
                  <span className={`dash-swatch band-${b.key}`} aria-hidden="true" />
                  {formatCount(b.total)} {band.label.toLowerCase()}
                </Link>
              </span>
            );
          })}
        </p>
      )}
      <ErrorBox error={error} />
      {!loaded && !error && <Loading label="Counting the alerts" />}
      {data && (
        <Chart
          option={option}
          label={`Alerts per day over the last ${data.days.length} days by severity: ${data.bands.map((b) => `${b.label} ${b.total}`).join(", ")}`}
          height={200}
        />
      )}
    </Tile>
  );
}

function TopList({ items, empty, link }: { items: Top[]; empty: string; link: (name: string) => string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(...items.map((i) => i.hits));
  return (
    <ol className="dash-top">
      {items.map((i) => (
        <li key={i.name}>
          <Link to={link(i.name)} title={i.name}>
            {i.name}
          </Link>
          <span className="dash-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(4, (i.hits / max) * 100)}%` }} />
          </span>
          <span className="dash-hits">{formatCount(i.hits)}</span>
        </li>
      ))}
    </ol>
  );
}

const alertsOf = (name: string) => `/alerts?status=any&source=${encodeURIComponent(name)}`;

function WatchlistsTile() {
  const q = useQuery({ queryKey: ["dashboard", "watchlists"], queryFn: dashboard.watchlists, refetchInterval: REFRESH });
  return (
    <Tile id="watchlists" title="Top watchlist hits" to="/intel/watchlists">
      {q.isPending && <Loading label="Loading the watchlists" />}
      <ErrorBox error={q.error} />
      {q.data && <TopList items={topWatchlists(q.data)} empty="No watchlist has hits yet." link={alertsOf} />}
    </Tile>
  );
}

function FeedsTile() {
  const q = useQuery({
    queryKey: ["dashboard", "alerts", "feeds"],
    queryFn: () => dashboard.alertFacets("", ["feed_name"]),
    refetchInterval: REFRESH,
  });
  return (
    <Tile id="feeds" title="Top feed hits" to="/intel/feeds">
      {q.isPending && <Loading label="Counting the feed hits" />}
      <ErrorBox error={q.error} />
      {q.data && (
        <TopList items={topFeeds(q.data.facets.feed_name)} empty="No feed report has raised an alert yet." link={alertsOf} />
      )}
    </Tile>
  );
}

function StorageTile({ storage }: { storage: NonNullable<DashboardStatistics["storage"]> }) {
  const used = storage.file_system_bytes - storage.free_bytes;
  const usedPct = storage.file_system_bytes > 0 ? Math.round((used / storage.file_system_bytes) * 100) : 0;
  const parts = Object.entries(storage.parts)
    .filter(([, b]) => b > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6);
  return (
    <Tile id="storage" title="Partitions and disk" to="/admin" wide>
      <div className="dash-storage-body">
        <div>
          <p className="dash-disk-label">
            Disk: {formatBytes(used)} used of {formatBytes(storage.file_system_bytes)} ({usedPct}%),{" "}
            {formatBytes(storage.free_bytes)} free
          </p>
          <div
            className={`dash-meter${usedPct >= 90 ? " full" : usedPct >= 75 ? " high" : ""}`}
            role="meter"
            aria-label="Disk used"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={usedPct}
            aria-valuetext={`${usedPct}% used`}
          >
            <span style={{ width: `${usedPct}%` }} />
          </div>
          <p className="muted">Lampblack's data: {formatBytes(storage.data_bytes)}</p>
          <dl className="facts">
            {parts.map(([name, bytes]) => (
              <div key={name} className="dash-part">
                <dt>{name}</dt>
                <dd>{formatBytes(bytes)}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="dash-table-scroll">
        <table className="data-table dash-partitions">
          <caption className="sr-only">Event partitions</caption>
          <thead>
            <tr>
              <th scope="col">Partition</th>
              <th scope="col">Status</th>
              <th scope="col">Size</th>
              <th scope="col">Documents</th>
              <th scope="col">Events from</th>
              <th scope="col">to</th>
            </tr>
          </thead>
          <tbody>
            {storage.event_partitions.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>
                  <span className={`badge ${p.status === "hot" ? "ok" : ""}`}>{p.status}</span>
                </td>
                <td>{formatBytes(p.size_bytes)}</td>
                <td>{formatCount(p.doc_count)}</td>
                <td>{formatTime(p.start_date)}</td>
                <td>{p.end_date ? formatTime(p.end_date) : "now"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </div>
    </Tile>
  );
}
