import { useState, type ReactNode } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Link, useParams } from "react-router";
import { analysisApi, keys, type BinaryDoc } from "../../api/analysis";
import { feedScores } from "../../api/process";
import { ApiError } from "../../api/client";
import { saveFile } from "../../components/download";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { formatBytes, formatCount, formatTime } from "../../components/format";
import { BanControl } from "./BanControl";
import "./binary.css";

const MD5 = /^[0-9a-f]{32}$/i;

/** A binary at /#/binary/<md5>: what it is, who signed it, where it was seen, its file and its ban. */
export default function BinaryPage() {
  const { md5: param = "" } = useParams();
  const md5 = param.trim().toUpperCase();
  if (!MD5.test(md5)) {
    return (
      <>
        <PageTitle>Binary</PageTitle>
        <ErrorBox error={new Error(`“${param}” is not an MD5 (32 hexadecimal digits).`)} />
      </>
    );
  }
  return <Binary key={md5} md5={md5} />;
}

function Binary({ md5 }: { md5: string }) {
  const binary = useQuery({ queryKey: keys.binary(md5), queryFn: ({ signal }) => analysisApi.binary(md5, signal) });
  const hosts = useQuery({ queryKey: keys.hostCount(md5), queryFn: ({ signal }) => analysisApi.hostCount(md5, signal) });
  const searchLink = `/search?q=${encodeURIComponent(`md5:${md5.toLowerCase()}`)}`;

  if (binary.isPending) {
    return (
      <>
        <PageTitle>Binary</PageTitle>
        <Loading label="Loading the binary" />
      </>
    );
  }
  if (binary.isError) {
    const missing = binary.error instanceof ApiError && binary.error.status === 404;
    return (
      <>
        <PageTitle>Binary</PageTitle>
        {missing ? (
          <div className="panel">
            <p>
              This server holds no description of <span className="mono">{md5}</span>: no sensor has reported the file's
              details (it may still have been seen in process events).
            </p>
            <Link to={searchLink}>Processes that ran it</Link>
          </div>
        ) : (
          <ErrorBox error={binary.error} />
        )}
      </>
    );
  }
  const b = withoutPlaceholders(binary.data);
  const name = displayName(b);
  return (
    <div className="binary">
      <PageTitle
        actions={
          <>
            <Link className="button-link" to={searchLink}>
              Processes that ran it
            </Link>
            <DownloadButton md5={md5} />
            <BanControl md5={md5} name={name} unban />
          </>
        }
      >
        {name}
      </PageTitle>
      <p className="muted subtitle">
        {b.icon ? <img className="binary-icon" src={`data:image/png;base64,${b.icon}`} alt="" width={20} height={20} /> : null}
        <span className="mono">{md5}</span>
        {b.file_desc ? ` · ${b.file_desc}` : ""}
      </p>
      <div className="binary-grid">
        <section className="panel" aria-labelledby="file-heading">
          <h2 id="file-heading">File</h2>
          <Facts
            rows={[
              ["MD5", <span className="mono">{b.md5}</span>],
              ["Original name", b.original_filename],
              ["Seen as", b.observed_filename?.length ? <PathList paths={b.observed_filename} /> : null],
              ["Size", b.orig_mod_len !== undefined ? `${formatBytes(b.orig_mod_len)} (${formatCount(b.orig_mod_len)} bytes)` : null],
              [
                "Copied by the sensor",
                b.copied_mod_len !== undefined
                  ? b.copied_mod_len === b.orig_mod_len
                    ? "whole file"
                    : `${formatCount(b.copied_mod_len)} bytes`
                  : null,
              ],
              ["Type", kindOf(b)],
              ["OS", b.os_type],
              ["First seen", formatTime(b.server_added_timestamp)],
              ["Last seen", b.last_seen ? formatTime(b.last_seen) : null],
            ]}
          />
        </section>
        <section className="panel" aria-labelledby="sig-heading">
          <h2 id="sig-heading">Signature</h2>
          <Facts
            rows={[
              ["Status", <SignatureBadge result={b.digsig_result} />],
              ["Publisher", b.digsig_publisher],
              ["Issuer", b.digsig_issuer],
              ["Subject", b.digsig_subject],
              ["Program", b.digsig_prog_name],
              ["Signing time", b.digsig_sign_time ? formatTime(b.digsig_sign_time) : null],
              ["Result code", resultCode(b.digsig_result_code)],
            ]}
          />
        </section>
        <section className="panel" aria-labelledby="version-heading">
          <h2 id="version-heading">Version information</h2>
          <Facts
            rows={[
              ["Description", b.file_desc],
              ["File version", b.file_version],
              ["Product", b.product_name],
              ["Product version", b.product_version],
              ["Company", b.company_name],
              ["Internal name", b.internal_name],
              ["Copyright", b.legal_copyright],
              ["Trademark", b.legal_trademark],
              ["Private build", b.private_build],
              ["Special build", b.special_build],
            ]}
          />
        </section>
        <section className="panel" aria-labelledby="freq-heading">
          <h2 id="freq-heading">Frequency</h2>
          <Facts
            rows={[
              ["Hosts seen on", <span data-testid="host-count">{formatCount(b.host_count ?? b.endpoint?.length ?? 0)}</span>],
              [
                "Ran as a process",
                hosts.data
                  ? `on ${formatCount(hosts.data.hostCount)} of ${formatCount(hosts.data.globalCount)} hosts`
                  : hosts.isError
                    ? "unknown"
                    : "…",
              ],
              ["Groups", b.group?.length ? b.group.join(", ") : null],
            ]}
          />
          <Hits doc={b} />
        </section>
      </div>
      <section className="panel" aria-labelledby="hosts-heading">
        <h2 id="hosts-heading">Hosts seen on</h2>
        <EndpointTable endpoints={b.endpoint ?? []} />
      </section>
    </div>
  );
}

/** Sensors send "(unknown)" for version fields a file lacks: shown as not recorded, not as a value. */
function withoutPlaceholders(doc: BinaryDoc): BinaryDoc {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!(typeof v === "string" && v.trim().toLowerCase() === "(unknown)")) out[k] = v;
  return out as unknown as BinaryDoc;
}

/** What to call a binary: its original name, its internal name, the last part of a path it was seen at, its md5. */
export function displayName(b: BinaryDoc): string {
  return b.original_filename || b.internal_name || b.observed_filename?.[0]?.split(/[\\/]/).pop() || b.md5;
}

/** Windows signature check results are HRESULTs: 2148204800 reads better as 0x800B0100 (no signature). */
function resultCode(code: string | undefined): string | undefined {
  const n = Number(code);
  if (!code || !Number.isInteger(n) || n === 0) return code;
  return `${code} (0x${(n >>> 0).toString(16).toUpperCase().padStart(8, "0")})`;
}

function kindOf(b: BinaryDoc): string | null {
  const parts: string[] = [];
  if (b.is_executable_image !== undefined) parts.push(b.is_executable_image ? "executable" : "not an executable image");
  if (b.is_64bit !== undefined) parts.push(b.is_64bit ? "64-bit" : "32-bit");
  return parts.length ? parts.join(", ") : null;
}

function SignatureBadge({ result }: { result: string | undefined }) {
  if (!result) return <span className="badge">unknown</span>;
  const cls = result === "Signed" ? "ok" : result === "Unsigned" ? "warn" : "danger";
  return <span className={`badge ${cls}`}>{result}</span>;
}

function PathList({ paths }: { paths: string[] }) {
  return (
    <ul className="plain mono">
      {paths.slice(0, 20).map((p) => (
        <li key={p}>{p}</li>
      ))}
      {paths.length > 20 && <li className="muted">and {paths.length - 20} more</li>}
    </ul>
  );
}

/** A facts list leaving out what the document does not say. */
function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== "" && v !== "—");
  if (shown.length === 0) return <p className="muted">Nothing recorded.</p>;
  return (
    <dl className="facts">
      {shown.map(([k, v]) => (
        <Fact key={k} label={k} value={v} />
      ))}
    </dl>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function Hits({ doc }: { doc: BinaryDoc }) {
  const feeds = feedScores(doc);
  const watchlists = doc.watchlists ?? [];
  if (feeds.length === 0 && watchlists.length === 0) return <p className="muted">No watchlist or feed hits.</p>;
  return (
    <ul className="plain hits-list">
      {watchlists.map((w) => (
        <li key={`w${w.wid}`}>
          <span className="badge warn">Watchlist {w.wid}</span> <span className="muted">{formatTime(w.value)}</span>
        </li>
      ))}
      {feeds.map((f) => (
        <li key={`f${f.feed}`}>
          <span className="badge danger">{f.feed}</span> <span className="muted">score {f.score}</span>
        </li>
      ))}
    </ul>
  );
}

interface Endpoint {
  hostname: string;
  sensorId: number | null;
}

/** `HOST|sensor_id` entries (§5.5). */
export function parseEndpoints(list: string[]): Endpoint[] {
  return list.map((e) => {
    const at = e.lastIndexOf("|");
    const id = at >= 0 ? Number(e.slice(at + 1)) : NaN;
    return { hostname: at >= 0 ? e.slice(0, at) : e, sensorId: Number.isInteger(id) ? id : null };
  });
}

const endpointColumns: ColumnDef<Endpoint, unknown>[] = [
  {
    id: "host",
    header: "Host",
    accessorFn: (e) => e.hostname,
    cell: ({ row }) =>
      row.original.sensorId !== null ? (
        <Link to={`/sensors/${row.original.sensorId}`}>{row.original.hostname || `sensor ${row.original.sensorId}`}</Link>
      ) : (
        row.original.hostname
      ),
  },
  { id: "sensor", header: "Sensor", accessorFn: (e) => e.sensorId ?? -1, cell: ({ row }) => row.original.sensorId ?? "—" },
];

function EndpointTable({ endpoints }: { endpoints: string[] }) {
  const rows = parseEndpoints(endpoints);
  return (
    <DataTable
      data={rows}
      columns={endpointColumns}
      rowId={(e) => `${e.hostname}|${e.sensorId}`}
      caption="Hosts the binary was seen on"
      height="320px"
      empty="No host you may see has reported this binary."
    />
  );
}

/** Fetches the stored file (a zip, as Carbon Black serves it) and hands it to the browser to save. */
function DownloadButton({ md5 }: { md5: string }) {
  const [status, setStatus] = useState("");
  const download = useMutation({
    mutationFn: () => analysisApi.download(md5),
    onMutate: () => setStatus("Downloading…"),
    onSuccess: (blob) => {
      saveFile(blob, `${md5}.zip`);
      setStatus(`Downloaded ${md5}.zip (${formatBytes(blob.size)}).`);
    },
    onError: (e) =>
      setStatus(
        e instanceof ApiError && e.status === 404
          ? "The server holds no copy of this file."
          : `Download failed: ${e instanceof Error ? e.message : String(e)}`,
      ),
  });
  return (
    <>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        Download
      </button>
      <span className={download.isError ? "error" : "muted"} role="status" aria-live="polite">
        {status}
      </span>
    </>
  );
}
