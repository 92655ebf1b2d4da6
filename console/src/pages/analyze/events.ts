// Decoding a process's events (reference rest_api.md §5.4) into one timeline. The server renders them per API
// version: pipe-separated strings everywhere in v1, netconn objects from v2 (IPs as signed 32-bit integers, dotted
// strings from v4), childproc objects from v3. Every decoder takes any of these forms, so the page works against any
// version and the tests can feed it the strings a server really sends.

import type { BinaryDoc, ChildprocObject, NetconnObject, ProcessEvents } from "../../api/analysis";
import { cbTimeMs } from "../../components/format";

export const EVENT_TYPES = ["netconn", "modload", "filemod", "regmod", "crossproc", "childproc", "processblock"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<EventType, string> = {
  netconn: "Network",
  modload: "Module load",
  filemod: "File",
  regmod: "Registry",
  crossproc: "Cross-process",
  childproc: "Child process",
  processblock: "Blocked",
};

interface Base {
  /** Unique within one event document: type and position in its array. */
  id: string;
  /** Epoch milliseconds (UTC), NaN when the timestamp does not parse. */
  time: number;
  /** Lower-case text of every field, for the search box. */
  text: string;
}

export interface NetconnEvent extends Base {
  type: "netconn";
  direction: "outbound" | "inbound";
  protocol: string;
  remoteIp: string;
  remotePort: number | null;
  localIp: string | null;
  localPort: number | null;
  proxyIp: string | null;
  proxyPort: number | null;
  domain: string;
}

export interface ModloadEvent extends Base {
  type: "modload";
  md5: string;
  path: string;
  /** The binary's signature status (digsig_result) when the server knows the binary, else null. */
  signature: string | null;
}

export interface FilemodEvent extends Base {
  type: "filemod";
  action: string;
  path: string;
  md5: string;
  fileType: string;
  tampered: boolean;
}

export interface RegmodEvent extends Base {
  type: "regmod";
  action: string;
  path: string;
  tampered: boolean;
}

export interface CrossprocEvent extends Base {
  type: "crossproc";
  kind: "ProcessOpen" | "RemoteThread" | string;
  /** The other process's GUID (the first five parts of its unique id). */
  targetGuid: string;
  targetMd5: string;
  targetPath: string;
  /** ProcessOpen: whether a process or a thread handle was opened. */
  handle: "process" | "thread" | null;
  accessMask: number | null;
  tampered: boolean;
  /** True when this process was the target (the other process acted on it). */
  isTarget: boolean;
}

export interface ChildprocEvent extends Base {
  type: "childproc";
  childGuid: string;
  md5: string;
  path: string;
  pid: number | null;
  started: boolean;
  tampered: boolean;
  suppressed: boolean;
  cmdline: string;
  username: string;
}

export interface ProcessblockEvent extends Base {
  type: "processblock";
  md5: string;
  path: string;
  cmdline: string;
  result: string;
}

export type TimelineEvent =
  | NetconnEvent
  | ModloadEvent
  | FilemodEvent
  | RegmodEvent
  | CrossprocEvent
  | ChildprocEvent
  | ProcessblockEvent;

/** An IPv4 address as v1–v3 send it (a signed 32-bit integer, network order: -1379741839 is 173.194.207.113). */
export function ipv4(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "string" && !/^-?\d+$/.test(value.trim())) return value.trim();
  const n = Number(value) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

const PROTOCOLS: Record<number, string> = { 6: "TCP", 17: "UDP", 1: "ICMP", 58: "ICMPv6" };
export function protocolName(p: number | string | null | undefined): string {
  const n = Number(p);
  return PROTOCOLS[n] ?? (p === null || p === undefined || p === "" ? "" : `protocol ${p}`);
}

const FILE_ACTIONS: Record<string, string> = { "1": "Created", "2": "First wrote", "4": "Deleted", "8": "Last wrote" };
const REG_ACTIONS: Record<string, string> = {
  "1": "Created key",
  "2": "First wrote",
  "4": "Deleted key",
  "8": "Deleted value",
};
const FILE_TYPES: Record<string, string> = {
  "1": "PE",
  "2": "ELF",
  "3": "Mach-O",
  "8": "EICAR",
  "16": "DOC",
  "17": "DOCX",
  "48": "PDF",
  "64": "ZIP",
  "65": "LZH",
  "66": "LZW",
  "67": "RAR",
  "68": "TAR",
  "69": "7Z",
};

const bool = (s: unknown) => s === true || String(s).trim().toLowerCase() === "true";
const num = (s: unknown): number | null => {
  if (s === null || s === undefined || s === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};
/** A process GUID from a unique id (`<guid>-<segment>`): its first five dash-separated parts. */
export const guidOf = (uniqueId: string) => uniqueId.split("-").slice(0, 5).join("-");
const textOf = (...parts: unknown[]) =>
  parts
    .filter((p) => p !== null && p !== undefined && p !== "")
    .join(" ")
    .toLowerCase();

/** `ts|md5|path` (all versions). The signature comes from the event document's `binaries` map. */
export function decodeModload(raw: string, id: string, binaries?: Record<string, BinaryDoc>): ModloadEvent {
  const [ts, md5 = "", ...path] = raw.split("|");
  const p = path.join("|");
  const signature = (md5 && binaries?.[md5.toUpperCase()]?.digsig_result) || null;
  return { type: "modload", id, time: cbTimeMs(ts), md5, path: p, signature, text: textOf(p, md5, signature) };
}

/** `type|ts|path|md5|filetype|tamper` (all versions). */
export function decodeFilemod(raw: string, id: string): FilemodEvent {
  const f = raw.split("|");
  // A path may hold no pipe on Windows, but keep any extra fields in the path rather than misreading them.
  const extra = Math.max(0, f.length - 6);
  const path = f.slice(2, 3 + extra).join("|");
  const [md5 = "", type = "", tamper = ""] = f.slice(3 + extra);
  const action = FILE_ACTIONS[f[0]] ?? `Action ${f[0]}`;
  const fileType = FILE_TYPES[type] ?? (type ? `type ${type}` : "");
  return {
    type: "filemod",
    id,
    time: cbTimeMs(f[1]),
    action,
    path,
    md5,
    fileType,
    tampered: bool(tamper),
    text: textOf(action, path, md5, fileType),
  };
}

/** `type|ts|path|tamper` (all versions). */
export function decodeRegmod(raw: string, id: string): RegmodEvent {
  const f = raw.split("|");
  const tamperAt = f.length > 3 && /^(true|false)$/i.test(f[f.length - 1]) ? f.length - 1 : f.length;
  const path = f.slice(2, tamperAt).join("|");
  const action = REG_ACTIONS[f[0]] ?? `Action ${f[0]}`;
  return {
    type: "regmod",
    id,
    time: cbTimeMs(f[1]),
    action,
    path,
    tampered: tamperAt < f.length && bool(f[tamperAt]),
    text: textOf(action, path),
  };
}

/** v1 `ts|ip(int32)|port|proto|domain|outbound`, or the v2–v4 object. */
export function decodeNetconn(raw: string | NetconnObject, id: string): NetconnEvent {
  if (typeof raw === "string") {
    const [ts, ip, port, proto, domain = "", outbound = ""] = raw.split("|");
    const direction = bool(outbound) ? "outbound" : "inbound";
    const remoteIp = ipv4(ip);
    const protocol = protocolName(proto);
    return {
      type: "netconn",
      id,
      time: cbTimeMs(ts),
      direction,
      protocol,
      remoteIp,
      // v1 gives one port: the remote one outbound, the local one inbound.
      remotePort: direction === "outbound" ? num(port) : null,
      localIp: null,
      localPort: direction === "inbound" ? num(port) : null,
      proxyIp: null,
      proxyPort: null,
      domain,
      text: textOf(direction, protocol, remoteIp, port, domain),
    };
  }
  const direction = bool(raw.direction) ? "outbound" : "inbound";
  const remoteIp = ipv4(raw.remote_ip);
  const localIp = ipv4(raw.local_ip) || null;
  const proxy = ipv4(raw.proxy_ip);
  const proxyIp = proxy && proxy !== "0.0.0.0" ? proxy : null;
  const protocol = protocolName(raw.proto);
  const domain = raw.domain ?? "";
  return {
    type: "netconn",
    id,
    time: cbTimeMs(raw.timestamp),
    direction,
    protocol,
    remoteIp,
    remotePort: num(raw.remote_port),
    localIp,
    localPort: num(raw.local_port),
    proxyIp,
    proxyPort: proxyIp ? num(raw.proxy_port) : null,
    domain,
    text: textOf(direction, protocol, remoteIp, raw.remote_port, localIp, raw.local_port, proxyIp, domain),
  };
}

/** v1/v2 `ts|child_unique_id|md5|path|pid|started|tamper`, or the v3/v4 object. */
export function decodeChildproc(raw: string | ChildprocObject, id: string): ChildprocEvent {
  if (typeof raw === "string") {
    const f = raw.split("|");
    // The path is the only field that could hold a pipe: take the three fixed fields from each end.
    const [ts, unique = "", md5 = ""] = f;
    const tail = f.slice(-3);
    const path = f.slice(3, f.length - 3).join("|");
    const pid = num(tail[0]);
    return {
      type: "childproc",
      id,
      time: cbTimeMs(ts),
      childGuid: guidOf(unique),
      md5,
      path,
      pid,
      started: bool(tail[1]),
      tampered: bool(tail[2]),
      suppressed: false,
      cmdline: "",
      username: "",
      text: textOf(path, md5, pid, guidOf(unique)),
    };
  }
  const started = raw.type !== "end";
  return {
    type: "childproc",
    id,
    time: cbTimeMs(started ? raw.start : (raw.end ?? raw.start)),
    childGuid: guidOf(raw.processId ?? ""),
    md5: raw.md5 ?? "",
    path: raw.path ?? "",
    pid: num(raw.pid),
    started,
    tampered: bool(raw.is_tampered),
    suppressed: bool(raw.is_suppressed),
    cmdline: raw.commandLine ?? "",
    username: raw.userName ?? "",
    text: textOf(raw.path, raw.md5, raw.pid, raw.commandLine, raw.userName, raw.processId),
  };
}

/** `type|ts|target_unique_id|target_md5|target_path|subtype|access_mask|tamper|is_target?` (all versions). */
export function decodeCrossproc(raw: string, id: string): CrossprocEvent {
  const f = raw.split("|");
  const [kind, ts, target = "", md5 = ""] = f;
  // Fixed fields after the path: subtype, access mask, tamper and (newer sensors) is_target.
  const hasTarget = f.length >= 9 && /^(true|false)$/i.test(f[f.length - 1]) && /^(true|false)$/i.test(f[f.length - 2]);
  const after = hasTarget ? 4 : 3;
  const path = f.slice(4, f.length - after).join("|");
  const [subtype, mask, tamper, isTarget] = f.slice(f.length - after);
  const handle = kind === "ProcessOpen" ? (subtype === "2" ? "thread" : "process") : null;
  return {
    type: "crossproc",
    id,
    time: cbTimeMs(ts),
    kind,
    targetGuid: guidOf(target),
    targetMd5: md5,
    targetPath: path,
    handle,
    accessMask: kind === "ProcessOpen" ? num(mask) : null,
    tampered: bool(tamper),
    isTarget: hasTarget && bool(isTarget),
    text: textOf(kind, path, md5, guidOf(target)),
  };
}

/** A JSON-encoded string (§5.4 processblock_complete). */
export function decodeProcessblock(raw: string | Record<string, unknown>, id: string): ProcessblockEvent {
  // A string that is not JSON throws: the timeline skips it rather than show an empty event.
  const o: Record<string, unknown> = typeof raw === "string" ? JSON.parse(raw) : raw;
  const md5 = String(o.blocked_md5 ?? "");
  const path = String(o.blocked_path ?? "");
  const cmdline = String(o.blocked_cmdline ?? "");
  const result = String(o.block_result ?? "");
  return {
    type: "processblock",
    id,
    time: cbTimeMs(String(o.timestamp ?? "")),
    md5,
    path,
    cmdline,
    result,
    text: textOf(path, md5, cmdline),
  };
}

/**
 * Every event of an event document, merged in time order (stable: events of the same millisecond keep the order the
 * server gave, types in the order of EVENT_TYPES). An entry that cannot be decoded is skipped, not fatal.
 */
export function timeline(doc: ProcessEvents["process"] | undefined | null): TimelineEvent[] {
  if (!doc) return [];
  const out: TimelineEvent[] = [];
  const add = <R>(type: EventType, list: R[] | undefined, decode: (raw: R, id: string) => TimelineEvent) => {
    (list ?? []).forEach((raw, i) => {
      try {
        out.push(decode(raw, `${type}-${i}`));
      } catch {
        // One malformed entry must not hide the rest.
      }
    });
  };
  add("netconn", doc.netconn_complete, decodeNetconn);
  add("modload", doc.modload_complete, (r, id) => decodeModload(r, id, doc.binaries));
  add("filemod", doc.filemod_complete, decodeFilemod);
  add("regmod", doc.regmod_complete, decodeRegmod);
  add("crossproc", doc.crossproc_complete, decodeCrossproc);
  add("childproc", doc.childproc_complete, decodeChildproc);
  add("processblock", doc.processblock_complete, decodeProcessblock);
  const order = out.map((e, i) => ({ e, i }));
  order.sort((a, b) => {
    const ta = Number.isNaN(a.e.time) ? Infinity : a.e.time;
    const tb = Number.isNaN(b.e.time) ? Infinity : b.e.time;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a.i - b.i;
  });
  return order.map((o) => o.e);
}

/** The events the analyst asked for: of the chosen types, containing every word of the search (case-insensitive). */
export function filterEvents(events: TimelineEvent[], types: ReadonlySet<EventType>, search: string): TimelineEvent[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return events.filter((e) => types.has(e.type) && words.every((w) => e.text.includes(w)));
}

/** How many events of each type (for the filter's labels). */
export function countByType(events: TimelineEvent[]): Record<EventType, number> {
  const c = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  for (const e of events) c[e.type]++;
  return c;
}

/** One line describing an event, as the timeline shows it (also its tooltip). */
export function describe(e: TimelineEvent): string {
  switch (e.type) {
    case "netconn": {
      const remote = `${e.remoteIp}${e.remotePort !== null ? ":" + e.remotePort : ""}`;
      const name = e.domain ? ` (${e.domain})` : "";
      const local = e.localIp || e.localPort !== null ? ` from ${e.localIp ?? ""}${e.localPort !== null ? ":" + e.localPort : ""}` : "";
      const proxy = e.proxyIp ? ` via proxy ${e.proxyIp}${e.proxyPort ? ":" + e.proxyPort : ""}` : "";
      return e.direction === "outbound"
        ? `${e.protocol} connection to ${remote}${name}${local}${proxy}`
        : `${e.protocol} connection from ${remote}${name}${local ? local.replace(" from ", " to ") : ""}${proxy}`;
    }
    case "modload":
      return `Loaded ${e.path}`;
    case "filemod":
      return `${e.action} ${e.path}${e.fileType ? ` (${e.fileType})` : ""}`;
    case "regmod":
      return `${e.action} ${e.path}`;
    case "crossproc": {
      const target = e.targetPath || e.targetGuid;
      if (e.kind === "RemoteThread") return e.isTarget ? `Thread injected by ${target}` : `Injected a thread into ${target}`;
      const mask = e.accessMask !== null ? ` (access 0x${e.accessMask.toString(16).padStart(8, "0")})` : "";
      const what = e.handle === "thread" ? "a thread of" : "";
      return e.isTarget ? `Opened by ${target}${mask}` : `Opened ${what ? what + " " : ""}${target}${mask}`;
    }
    case "childproc":
      return `${e.started ? "Started" : "Ended"} ${e.path}${e.pid !== null ? ` (pid ${e.pid})` : ""}${e.cmdline ? ` — ${e.cmdline}` : ""}`;
    case "processblock":
      return `Blocked ${e.path}${e.cmdline ? ` — ${e.cmdline}` : ""}`;
  }
}
