import { httpRequest, type HttpRequest, type RetryPolicy } from "../lib/http-client";
import { zoomErrorKind } from "./errors";

/**
 * Zoom REST calls for one connection (base `ZOOM_API_BASE_URL`, CONTRACT.md §4). Every
 * call carries a fresh token from the vault; list endpoints are paged with
 * `next_page_token` (reference §A7).
 *
 * Retry layer of a Zoom call: the HTTP client, here, and only for transient errors
 * (src/zoom/errors.ts: network, 429, 5xx), honouring Retry-After: 4 retries by default
 * within a job (the job itself retries later, and only what is not permanent:
 * src/webinars/workers.ts); the workflow action passes 0 or 1, HubSpot being its retry
 * loop. Errors are classified by `zoomErrorKind`, nowhere else.
 */
const ZOOM_RETRY: Partial<RetryPolicy> = { retries: 4 };

/** Where a stored connection's access tokens come from: the vault (src/connections/vault.ts). */
export interface ZoomTokenSource {
  getZoomAccessToken(connectionId: string): Promise<string>;
}

export interface ZoomCallOptions {
  /** Retries of a transient failure (4 by default, see above). */
  retries?: number;
  /** Per attempt. */
  timeoutMs?: number;
  /** The token of every call instead of the vault's (e.g. one token shared by a few calls made together). */
  token?: () => Promise<string>;
}

/**
 * The one way to build a ZoomApi: one factory per process (src/services.ts), handed to
 * whoever calls Zoom.
 */
export interface ZoomApiFactory {
  /** Calls for a stored connection, each with a fresh token from the vault. */
  (connectionId: string, options?: ZoomCallOptions): ZoomApi;
  /**
   * Calls with a token the app holds but has not stored yet: the one just granted on
   * connect (GET /users/me tells whose it is), with the default retries.
   */
  withAccessToken(accessToken: string): ZoomApi;
}

export class ZoomApi {
  private constructor(
    private readonly apiBaseUrl: string,
    private readonly token: () => Promise<string>,
    private readonly retry: Partial<RetryPolicy>,
  ) {}

  static factory(apiBaseUrl: string, tokens: ZoomTokenSource): ZoomApiFactory {
    const forConnection = (connectionId: string, { token, ...retry }: ZoomCallOptions = {}) =>
      new ZoomApi(apiBaseUrl, token ?? (() => tokens.getZoomAccessToken(connectionId)), { ...ZOOM_RETRY, ...retry });
    return Object.assign(forConnection, {
      withAccessToken: (accessToken: string) => new ZoomApi(apiBaseUrl, () => Promise.resolve(accessToken), ZOOM_RETRY),
    });
  }

  async request<T>(method: NonNullable<HttpRequest["method"]>, path: string, options: Omit<HttpRequest, "url" | "method"> = {}) {
    const token = await this.token();
    const res = await httpRequest<T>(
      {
        ...options,
        method,
        url: `${this.apiBaseUrl}${path}`,
        headers: { ...options.headers, authorization: `Bearer ${token}` },
      },
      { ...this.retry, classify: zoomErrorKind },
    );
    return res.body;
  }

  get<T>(path: string, query?: HttpRequest["query"]) {
    return this.request<T>("GET", path, { query });
  }

  post<T>(path: string, json: unknown, query?: HttpRequest["query"]) {
    return this.request<T>("POST", path, { json, query });
  }

  /** Every item of a paged list: `itemsKey` names the array in each page. */
  async *paginate<T>(path: string, itemsKey: string, query: HttpRequest["query"] = {}): AsyncGenerator<T> {
    let next: string | undefined;
    do {
      const page = await this.get<Record<string, unknown> | undefined>(path, { page_size: 300, ...query, next_page_token: next });
      for (const item of ((page?.[itemsKey] as T[] | undefined) ?? [])) yield item;
      next = typeof page?.next_page_token === "string" && page.next_page_token !== "" ? page.next_page_token : undefined;
    } while (next);
  }

  async list<T>(path: string, itemsKey: string, query?: HttpRequest["query"]): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this.paginate<T>(path, itemsKey, query)) all.push(item);
    return all;
  }
}

/**
 * Webinar instance uuids go into paths; those starting with "/" or containing "//"
 * must be URL-encoded twice (reference §A5).
 */
export function encodeZoomUuid(uuid: string): string {
  const once = encodeURIComponent(uuid);
  return uuid.startsWith("/") || uuid.includes("//") ? encodeURIComponent(once) : once;
}
