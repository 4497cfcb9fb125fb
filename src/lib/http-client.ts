import { setTimeout as sleep } from "node:timers/promises";

/**
 * JSON over HTTP for the HubSpot and Zoom clients: a timeout per attempt, and retries
 * with exponential backoff on network errors, timeouts, 429 and 5xx, honouring
 * `Retry-After` (seconds or a date). Other answers are returned or thrown at once.
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
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  timeoutMs: 15_000,
  maxRetryAfterMs: 60_000,
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
      const retryable = res.status === 429 || res.status >= 500;
      if (!retryable || attempt >= p.retries) throw error;
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
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  } catch (err) {
    const reason = (err as Error).name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : (err as Error).message;
    throw new NetworkError(`${method} ${stripQuery(url)} failed: ${reason}`, { method, url }, { cause: err });
  }
  const text = await res.text();
  let parsed: unknown = text;
  if (text && (res.headers.get("content-type") ?? "").includes("json")) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : parsed };
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

const stripQuery = (url: string) => url.split("?")[0];

function describeBody(body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const msg = b.message ?? b.error_description ?? b.error ?? b.reason;
    const code = b.code ?? b.category ?? b.status;
    if (msg) return `: ${code !== undefined ? `${String(code)} ` : ""}${String(msg)}`.slice(0, 300);
  }
  return "";
}
