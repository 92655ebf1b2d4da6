// The one way the console talks to the server: same-origin fetch with the session cookie, the CSRF token on every
// mutating call, JSON in and out, and failures as ApiError carrying the server's reason (the JSON error shape every
// route answers with).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set at login (and when the session is read back after a reload); cleared at logout. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the server says the session has ended (401), so the app can show the login page again. */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) v.forEach((item) => params.append(k, String(item)));
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  query?: Query;
  body?: unknown;
  /** Raw body (a file upload); sent as is with its own content type. */
  raw?: Blob | FormData;
  signal?: AbortSignal;
  /** Don't treat a 401 as the end of the session (the login call itself). */
  quiet401?: boolean;
}

/** Sends a call and gives back the server's answer when it succeeded; a failure becomes an ApiError. */
async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: accept };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: options.signal,
  });
  if (!response.ok) throw await toError(response, options.quiet401 ?? false);
  return response;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, "application/json");
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) return (await response.json()) as T;
  return (await response.text()) as T;
}

/** A file the server sends, and the name it gave it (Content-Disposition), if any. */
export interface Download {
  blob: Blob;
  filename: string | null;
}

/**
 * A download: the same session, 401 handling and error reasons as {@link request}, the answer as a Blob. `accept`
 * names the file's types (failures come as JSON whatever is asked).
 */
export async function requestBlob(path: string, options: RequestOptions & { accept?: string } = {}): Promise<Download> {
  const response = await send(path, options, options.accept ?? "*/*");
  return { blob: await response.blob(), filename: dispositionName(response.headers.get("Content-Disposition") ?? "") };
}

/** `attachment; filename="x.zip"` or RFC 5987's `filename*=UTF-8''x%20y.zip` → the name; null for none. */
function dispositionName(header: string): string | null {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // malformed: try the plain form
    }
  }
  const plain = /filename="([^"]+)"|filename=([^;\s]+)/i.exec(header);
  return plain ? (plain[1] ?? plain[2]) : null;
}

async function toError(response: Response, quiet401: boolean): Promise<ApiError> {
  let reason = "http_" + response.status;
  let message = response.statusText || "request failed";
  try {
    const body = await response.json();
    if (body && typeof body === "object") {
      if (typeof body.reason === "string") reason = body.reason;
      if (typeof body.message === "string") message = body.message;
    }
  } catch {
    // not JSON: keep the status text
  }
  if (response.status === 401 && !quiet401 && onUnauthorized) onUnauthorized();
  return new ApiError(response.status, reason, message);
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>(path, { method: "POST", body, query }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: "PUT", body }),
  del: <T>(path: string, query?: Query) => request<T>(path, { method: "DELETE", query }),
};
