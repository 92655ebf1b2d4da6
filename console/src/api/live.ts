// Live response (reference §4.16, shapes §5.15–§5.16; the server's LiveResponseApi): sessions on a sensor, commands in
// a session, files moved both ways. Every route but the list and creation needs the Administrator role in the
// sensor's group; the server answers an unknown or foreign session 404 {"status": "NOT_FOUND", ...}.
import { saveFile } from "../components/download";
import { api, ApiError, request, requestBlob } from "./client";
import type { Named, Narrowed } from "./narrowed";
import type { GroupDocument, LiveResponseFileDocument, LiveResponseSessionDocument, SensorDocument } from "./wire";

/** A session's state: the server's SessionStatus values (its record holds the value as a String). */
export type SessionStatus = "pending" | "active" | "close" | "timeout" | "error";

/**
 * §5.15, as GET /api/v1/cblr/session[/<id>] answers it (the server's LiveResponseSessionDocument): `create_time` epoch
 * seconds (a float), `storage_size` a string, `storage_ttl` days.
 */
export type LrSession = Narrowed<LiveResponseSessionDocument, { status: SessionStatus }>;

export type CommandStatus = "pending" | "complete" | "error" | "cancel";

/** One entry of a directory list (`files`). Times are epoch seconds. */
export interface LrDirEntry {
  filename: string;
  attributes: string[];
  size: number;
  create_time?: number;
  last_access_time?: number;
  last_write_time?: number;
  alt_name?: string;
}

/** One entry of a process list (`processes`). */
export interface LrProcess {
  pid: number;
  parent?: number;
  parent_guid?: string;
  proc_guid?: string;
  path?: string;
  command_line?: string;
  create_time?: number;
  sid?: string;
  username?: string;
}

/**
 * §5.16: the command's own keys, the request's other keys, and once done its result. Hand-written: the server builds
 * command documents as JSON objects (LiveResponseCommandDocument), not records, since the request's and the sensor's
 * keys are passed through. `object` is what the issuing client sent (a path, or a pid as a number), null for none;
 * `completion` and the `result_*` keys only once the command ended.
 */
export interface LrCommand {
  id: number;
  session_id: number;
  sensor_id: number;
  name: string;
  object: string | number | null;
  status: CommandStatus;
  username: string;
  create_time: number;
  completion?: number;
  result_code?: number;
  result_type?: string;
  result_desc?: string;
  file_id?: number;
  files?: LrDirEntry[];
  processes?: LrProcess[];
  pid?: number;
  return_code?: number;
  [extra: string]: unknown;
}

/** GET .../file (and the upload's answer): the server's LiveResponseFileDocument (`status` 0 or an HRESULT). */
export type LrFile = LiveResponseFileDocument;

/** The fields of a sensor document (§5.6, SensorDocument) the live-response pages read; `os_type` 1 Windows, 2 macOS, 3 Linux. */
export type LiveSensor = Pick<
  SensorDocument,
  | "id"
  | "computer_name"
  | "status"
  | "supports_cblr"
  | "os_type"
  | "os_environment_display_string"
  | "group_id"
  | "network_isolation_enabled"
  | "last_checkin_time"
>;

export interface CommandRequest {
  name: string;
  object?: string;
  [extra: string]: unknown;
}

const BASE = "/api/v1/cblr/session";

export const live = {
  sensors: () => api.get<LiveSensor[]>("/api/v1/sensor"),
  sensor: (id: number) => api.get<LiveSensor>(`/api/v1/sensor/${id}`),
  /** The sensor groups (§5.7), for their names. */
  groups: () => api.get<Pick<Named<GroupDocument>, "id" | "name">[]>("/api/v3/group"),
  sessions: (activeOnly: boolean) =>
    api.get<LrSession[]>(BASE, activeOnly ? { active_only: "true" } : undefined),
  /** The sensor's open session when it has one (shared by every client, as cbapi expects), else a new pending one. */
  open: (sensorId: number) => api.post<LrSession>(BASE, { sensor_id: sensorId }),
  session: (id: number) => api.get<LrSession>(`${BASE}/${id}`),
  keepalive: (id: number) => api.get<LrSession>(`${BASE}/${id}/keepalive`),
  close: (session: LrSession) => api.put<LrSession>(`${BASE}/${session.id}`, { ...session, status: "close" }),
  commands: (id: number) => api.get<LrCommand[]>(`${BASE}/${id}/command`),
  issue: (id: number, command: CommandRequest) =>
    api.post<LrCommand>(`${BASE}/${id}/command`, { ...command, session_id: id }),
  /** Blocks on the server until the command is done (or its wait of about two minutes passed: then still pending). */
  waitOnce: (id: number, commandId: number, signal?: AbortSignal) =>
    api.get<LrCommand>(`${BASE}/${id}/command/${commandId}`, { wait: "true" }, signal),
  cancel: (id: number, commandId: number) =>
    api.put<LrCommand>(`${BASE}/${id}/command/${commandId}`, { id: commandId, status: "cancel" }),
  contentUrl: (id: number, fileId: number) => `${BASE}/${id}/file/${fileId}/content`,
  /** A file's content as text (the output of `exec`). */
  contentText: (id: number, fileId: number) => request<string>(`${BASE}/${id}/file/${fileId}/content`),
  file: (id: number, fileId: number) => api.get<LrFile>(`${BASE}/${id}/file/${fileId}`),
};

/** Waits for a command to finish: the server holds each GET up to its limit, so this loops only for long commands. */
export async function waitForCommand(sessionId: number, commandId: number, signal?: AbortSignal): Promise<LrCommand> {
  for (;;) {
    const c = await live.waitOnce(sessionId, commandId, signal);
    if (c.status !== "pending") return c;
  }
}

/**
 * Uploads a file into the session (multipart, part `file`) with progress, which fetch cannot report: XMLHttpRequest,
 * with the same cookie and CSRF token the API client sends.
 */
export function uploadFile(
  sessionId: number,
  file: File,
  csrfToken: string,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<LrFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${BASE}/${sessionId}/file`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: { reason?: string; message?: string; id?: number } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300 && typeof body.id === "number") resolve(body as LrFile);
      else reject(new ApiError(xhr.status, body.reason ?? `http_${xhr.status}`, body.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "the upload failed (network)"));
    xhr.onabort = () => reject(new ApiError(0, "cancelled", "upload cancelled"));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/**
 * Closes a session while the page goes away (a tab closed, a reload): a fetch marked keepalive outlives the page,
 * which the client's ordinary calls do not.
 */
export function closeOnUnload(session: LrSession, csrfToken: string) {
  void fetch(`${BASE}/${session.id}`, {
    method: "PUT",
    keepalive: true,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify({ id: session.id, status: "close" }),
  }).catch(() => undefined);
}

/**
 * Downloads a file the session holds and hands it to the browser to save; a failure (the file gone, the session
 * ended) is an ApiError, as for any call.
 */
export async function downloadFile(sessionId: number, fileId: number, name: string): Promise<void> {
  const { blob } = await requestBlob(live.contentUrl(sessionId, fileId));
  saveFile(blob, name);
}

/** True when the server says the session (or command) is gone: the 404 live response answers with. */
export function isGone(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
