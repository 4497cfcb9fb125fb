import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * JSON over HTTP for the HubSpot and Zoom clients: a timeout per attempt, and (when the
 * caller's policy asks for them) retries with exponential backoff on transient errors
 * (the policy's `classify`, the service's own classification; by default `httpErrorKind`:
 * network errors, timeouts, 429 and 5xx), honouring `Retry-After`
 * (seconds or a date). Other answers are returned or thrown at once.
 * Retry layers: HubSpot calls pass `retries: 0` (the HubSpot writer is their one retry
 * layer, src/hubspot/writer.ts); Zoom calls retry here (src/zoom/api.ts); OAuth token
 * calls choose their own policy (src/connections).
 */

export interface HttpRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** A Retry-After longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs: number;
  /** The service's classification (src/zoom/errors.ts…): only "transient" answers are retried. */
  classify: (err: unknown) => ErrorKind;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  timeoutMs: 15_000,
  maxRetryAfterMs: 60_000,
  classify: httpErrorKind,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Headers,
    readonly request: { method: string; url: string },
  ) {
    super(`${request.method} ${stripQuery(request.url)} answered ${status}${describeBody(body)}`);
    this.name = "HttpError";
  }

  /** Milliseconds the server asked us to wait, when it said. */
  get retryAfterMs(): number | undefined {
    return parseRetryAfter(this.headers.get("retry-after"));
  }
}

/** The request never got an HTTP answer (connection refused or reset, DNS, timeout). */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly request: { method: string; url: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "NetworkError";
  }

  /**
   * False when the request certainly never reached the server (no connection was made:
   * refused, unknown host, unreachable network); true when it may have been received and
   * acted upon and only the answer was lost (a reset, a close or a timeout after sending).
   * A write that is not idempotent must not be sent again blindly in the second case.
   */
  get maybeDelivered(): boolean {
    const code = (this.cause as { code?: unknown } | undefined)?.code;
    return !(typeof code === "string" && NOT_SENT.has(code));
  }
}

/** Socket errors raised before a connection existed: nothing of the request left this process. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ERR_INVALID_URL"]);

/**
 * The kinds every caller of an outside service decides on (one classification per
 * service: src/hubspot/errors.ts, src/zoom/errors.ts, built on this one):
 * - transient: try again later (network, timeout, 429, 5xx);
 * - auth: the credentials are refused (401, 403);
 * - not_found: the thing asked for does not exist (404);
 * - refused: the request itself is refused (other 4xx): sending it again cannot help.
 * - internal: not the service's answer at all (a database blip, a bug): not judged here;
 *   callers rethrow it and the job's retries handle it, as before.
 */
export type ErrorKind = "transient" | "auth" | "not_found" | "refused" | "internal";

export function httpErrorKind(err: unknown): ErrorKind {
  if (err instanceof NetworkError) return "transient";
  if (!(err instanceof HttpError)) return "internal";
  if (err.status === 429 || err.status >= 500) return "transient";
  if (err.status === 401 || err.status === 403) return "auth";
  if (err.status === 404) return "not_found";
  return "refused";
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export async function httpRequest<T = unknown>(req: HttpRequest, policy: Partial<RetryPolicy> = {}): Promise<HttpResponse<T>> {
  const p = { ...DEFAULT_RETRY, ...policy };
  const method = req.method ?? "GET";
  const url = withQuery(req.url, req.query);
  for (let attempt = 0; ; attempt++) {
    let waitMs: number;
    try {
      const res = await fetchOnce(method, url, req, p.timeoutMs);
      if (res.status < 400) return { status: res.status, headers: res.headers, body: res.body as T };
      const error = new HttpError(res.status, res.body, res.headers, { method, url });
      if (p.classify(error) !== "transient" || attempt >= p.retries) throw error;
      const asked = error.retryAfterMs;
      if (asked !== undefined && asked > p.maxRetryAfterMs) throw error;
      waitMs = asked ?? backoff(attempt, p);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (attempt >= p.retries) throw err;
      waitMs = backoff(attempt, p);
    }
    await sleep(waitMs);
  }
}

/**
 * Keep-alive connections per origin, closed after 4 s idle. Node's own http/https
 * clients rather than fetch or undici: measured in `npm run bench -- workflow`, a call
 * costs the app a fraction of the CPU (the workflow action makes two Zoom calls while
 * HubSpot waits). No `accept-encoding` is sent, so answers come uncompressed.
 */
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4_000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4_000 }),
};

/** One attempt: the status, headers and body (parsed when JSON), or a NetworkError. */
async function fetchOnce(method: string, url: string, req: HttpRequest, timeoutMs: number) {
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.json);
  } else if (req.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(req.form).toString();
  }
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const failed = (reason: string, cause?: unknown) =>
    new NetworkError(`${method} ${stripQuery(url)} failed: ${reason}`, { method, url }, { cause });

  const { status, rawHeaders, text } = await new Promise<{ status: number; rawHeaders: string[]; text: string }>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
    };
    let request: http.ClientRequest;
    try {
      const target = new URL(url);
      const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : undefined;
      if (!client) throw new Error(`unsupported protocol ${target.protocol}`);
      request = client.request(target, { method, headers, agent: agents[target.protocol as "http:" | "https:"] }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          finish(() => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, text: Buffer.concat(chunks).toString("utf8") })),
        );
        res.on("close", () => {
          if (!res.complete) finish(() => reject(failed("the connection closed before the answer was complete")));
        });
      });
    } catch (err) {
      // A malformed URL or header value.
      return reject(failed((err as Error).message, err));
    }
    const timer = setTimeout(() => finish(() => {
      request.destroy();
      reject(failed(`timed out after ${timeoutMs} ms`));
    }), timeoutMs);
    request.on("error", (err) => finish(() => reject(failed(err.message, err))));
    request.end(body);
  });

  const responseHeaders = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) responseHeaders.append(rawHeaders[i] ?? "", rawHeaders[i + 1] ?? "");
  let parsed: unknown = text;
  if (text && (responseHeaders.get("content-type") ?? "").includes("json")) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status, headers: responseHeaders, body: text === "" ? undefined : parsed };
}

function backoff(attempt: number, p: RetryPolicy): number {
  const exp = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function withQuery(url: string, query?: HttpRequest["query"]): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

const stripQuery = (url: string) => url.split("?")[0] ?? url;

/** An API's error field in words: an object as JSON rather than "[object Object]". */
const words = (v: unknown) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));

function describeBody(body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const msg = b.message ?? b.error_description ?? b.error ?? b.reason;
    const code = b.code ?? b.category ?? b.status;
    if (msg) return `: ${code !== undefined ? `${words(code)} ` : ""}${words(msg)}`.slice(0, 300);
  }
  return "";
}
