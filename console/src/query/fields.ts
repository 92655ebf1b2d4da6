// The process-search field catalogue (reference §2.2, and the server's ProcessSchema): what the query box completes
// and which `name:` prefixes it highlights as fields. The server decides what a query means; this list only has to
// agree with it on which names are fields, so that `c:\program` stays a plain term here as it does there.

export type FieldType =
  | "keyword"
  | "text"
  | "path"
  | "cmdline"
  | "domain"
  | "ipaddr"
  | "ipv6addr"
  | "md5"
  | "sha256"
  | "count"
  | "integer"
  | "datetime"
  | "bool"
  | "sign"
  | "status"
  | "crossproc_type"
  | "guid";

export interface QueryField {
  name: string;
  type: FieldType;
  /** One line for the completion list. */
  description: string;
  /** Searched by terms that name no field. */
  isDefault?: boolean;
  /** The server can sort results on it (`sort=<name> asc|desc`). */
  sortable?: boolean;
  /** Values the field takes, offered after `name:`. */
  values?: string[];
}

const f = (name: string, type: FieldType, description: string, extra: Partial<QueryField> = {}): QueryField => ({
  name,
  type,
  description,
  ...extra,
});

const SIGN_VALUES = [
  "Signed",
  "Unsigned",
  '"Bad Signature"',
  '"Invalid Signature"',
  "Expired",
  '"Invalid Chain"',
  '"Untrusted Root"',
  '"Explicit Distrust"',
];

/** Fields stored in process segments. */
const PROCESS_FIELDS: QueryField[] = [
  f("process_name", "keyword", "Image file name of the process", { isDefault: true, sortable: true }),
  f("path", "path", "Full path of the process image", { isDefault: true }),
  f("path_full", "keyword", "Untokenised full path (exact match)", { sortable: true }),
  f("cmdline", "cmdline", "Command line", { isDefault: true }),
  f("process_md5", "md5", "MD5 of the process image", { isDefault: true, sortable: true }),
  f("process_sha256", "sha256", "SHA-256 of the process image", { isDefault: true }),
  f("process_pid", "integer", "Process id", { sortable: true }),
  f("process_id", "guid", "Process GUID", { sortable: true }),
  f("segment_id", "integer", "Segment id", { sortable: true }),
  f("parent_name", "keyword", "Image file name of the parent", { isDefault: true, sortable: true }),
  f("parent_md5", "md5", "MD5 of the parent image", { isDefault: true }),
  f("parent_sha256", "sha256", "SHA-256 of the parent image", { isDefault: true }),
  f("parent_pid", "integer", "Parent process id", { sortable: true }),
  f("parent_id", "guid", "Parent process GUID"),
  f("hostname", "keyword", "Host name of the endpoint", { isDefault: true, sortable: true }),
  f("group", "keyword", "Sensor group at execution time", { isDefault: true, sortable: true }),
  f("host_type", "keyword", "Kind of host", {
    isDefault: true,
    sortable: true,
    values: ["workstation", "server", "domain_controller"],
  }),
  f("os_type", "keyword", "Operating system", { sortable: true, values: ["windows", "linux", "osx"] }),
  f("username", "keyword", "User (DOMAIN\\user or the part after the backslash)", { isDefault: true }),
  f("username_full", "keyword", "User exactly as recorded", { sortable: true }),
  f("sensor_id", "integer", "Sensor id", { sortable: true }),
  f("start", "datetime", "Process start time (sensor clock)", { sortable: true, values: ["-1h", "-24h", "[* TO *]"] }),
  f("last_update", "datetime", "Last event time (sensor clock)", { sortable: true }),
  f("last_server_update", "datetime", "Last time the server received events", { sortable: true }),
  f("terminated", "bool", "Whether the process has ended", { values: ["true", "false"] }),
  f("modload_count", "count", "Modules loaded", { sortable: true }),
  f("filemod_count", "count", "File modifications", { sortable: true }),
  f("regmod_count", "count", "Registry modifications", { sortable: true }),
  f("netconn_count", "count", "Network connections", { sortable: true }),
  f("childproc_count", "count", "Child processes", { sortable: true }),
  f("crossproc_count", "count", "Cross-process events", { sortable: true }),
  f("processblock_count", "count", "Blocked process events", { sortable: true }),
  f("emet_count", "count", "EMET events", { sortable: true }),
  f("modload", "path", "Path of a loaded module", { isDefault: true }),
  f("modload_md5", "md5", "MD5 of a loaded module"),
  f("modload_sha256", "sha256", "SHA-256 of a loaded module"),
  f("filemod", "path", "Path of a modified file", { isDefault: true }),
  f("regmod", "path", "Path of a modified registry key", { isDefault: true }),
  f("domain", "domain", "DNS name of a network connection", { isDefault: true }),
  f("ipaddr", "ipaddr", "Remote IPv4 address (CIDR allowed)"),
  f("ipv6addr", "ipv6addr", "Remote IPv6 address (CIDR allowed)"),
  f("ipport", "integer", "Remote port of a network connection"),
  f("ja3", "keyword", "JA3 hash of a TLS client hello"),
  f("ja3s", "keyword", "JA3S hash of a TLS server hello"),
  f("childproc_name", "keyword", "Image file name of a child", { isDefault: true }),
  f("childproc_md5", "md5", "MD5 of a child", { isDefault: true }),
  f("childproc_sha256", "sha256", "SHA-256 of a child", { isDefault: true }),
  f("crossproc_name", "keyword", "Other process of a cross-process event"),
  f("crossproc_md5", "md5", "MD5 of the other process"),
  f("crossproc_sha256", "sha256", "SHA-256 of the other process"),
  f("crossproc_type", "crossproc_type", "Kind of cross-process event", {
    isDefault: true,
    values: ["processopen", "remotethread", "processopentarget", "remotethreadtarget"],
  }),
  f("filewrite_md5", "md5", "MD5 of a written file", { isDefault: true }),
  f("filewrite_sha256", "sha256", "SHA-256 of a written file", { isDefault: true }),
  f("blocked_md5", "md5", "MD5 blocked by a ban", { isDefault: true }),
  f("blocked_status", "status", "Outcome of a ban"),
  f("md5", "md5", "Any MD5: process, parent, child, module, written file", { isDefault: true }),
  f("sha256", "sha256", "Any SHA-256: process, parent, child, module, written file", { isDefault: true }),
  f("tampered", "bool", "Tamper attempts", { values: ["true", "false"] }),
  f("has_emet_event", "bool", "Has EMET events", { values: ["true", "false"] }),
  f("has_emet_config", "bool", "Has an EMET configuration", { values: ["true", "false"] }),
];

/** Binary fields a process query evaluates on the process's binary (or a related one, by suffix). */
const BINARY_JOIN_FIELDS: QueryField[] = [
  f("file_desc", "text", "Binary: file description"),
  f("file_version", "text", "Binary: file version"),
  f("product_name", "text", "Binary: product name"),
  f("product_version", "text", "Binary: product version"),
  f("company_name", "text", "Binary: company name"),
  f("internal_name", "text", "Binary: internal name"),
  f("legal_copyright", "text", "Binary: copyright"),
  f("legal_trademark", "text", "Binary: trademark"),
  f("original_filename", "text", "Binary: original file name"),
  f("product_desc", "text", "Binary: product description"),
  f("private_build", "text", "Binary: private build"),
  f("special_build", "text", "Binary: special build"),
  f("comments", "text", "Binary: comments"),
  f("digsig_publisher", "text", "Binary: signature publisher"),
  f("digsig_issuer", "text", "Binary: signature issuer"),
  f("digsig_subject", "text", "Binary: signature subject"),
  f("digsig_prog_name", "text", "Binary: signed program name"),
  f("digsig_result", "sign", "Binary: signature status", { values: SIGN_VALUES }),
  f("digsig_sign_time", "datetime", "Binary: signing time"),
  f("is_64bit", "bool", "Binary: 64-bit image", { values: ["true", "false"] }),
  f("is_executable_image", "bool", "Binary: executable image", { values: ["true", "false"] }),
  f("orig_mod_len", "count", "Binary: file size"),
  f("copied_mod_len", "count", "Binary: bytes uploaded"),
  f("observed_filename", "path", "Binary: a path it was seen at"),
];

/** Suffixes that join a binary field on a related MD5 instead of the process's own. */
export const JOIN_SUFFIXES = ["_modload", "_filewrite", "_parent", "_child"] as const;

/** Every field offered by completion, process fields first. */
export const QUERY_FIELDS: readonly QueryField[] = [...PROCESS_FIELDS, ...BINARY_JOIN_FIELDS];

const BY_NAME = new Map(QUERY_FIELDS.map((field) => [field.name, field]));

/** The catalogue entry of a field name (exact, case-insensitive); dynamic names have none. */
export function fieldInfo(name: string): QueryField | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * Whether `name:` starts a field clause, as the server decides it: a catalogue field, a binary field with a join
 * suffix, a feed score (`alliance_score_<feed>`, also with a suffix), a feed attribute (`alliance_<kind>_<feed>`) or a
 * watchlist tag (`watchlist_<id>`).
 */
export function isKnownField(rawName: string): boolean {
  const name = rawName.toLowerCase();
  if (!/^[a-z0-9_]+$/.test(name)) return false;
  if (BY_NAME.has(name)) return true;
  if (/^watchlist_\d+$/.test(name)) return true;
  if (/^alliance_score_.+/.test(name)) return true;
  if (/^alliance_[a-z0-9]+_.+/.test(name) && !name.endsWith("_")) return true;
  const suffix = JOIN_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) {
    const base = name.slice(0, name.length - suffix.length);
    return BINARY_JOIN_FIELDS.some((field) => field.name === base);
  }
  return false;
}
