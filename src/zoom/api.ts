import type { Config } from "../config";
import type { TokenVault } from "../connections/vault";
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
export class ZoomApi {
  constructor(
    connectionId: string,
    vault: Pick<TokenVault, "getZoomAccessToken">,
    private readonly config: Config,
    private readonly retry: Partial<RetryPolicy> = ZOOM_RETRY,
    /** Where the access token comes from; the vault by default. */
    private readonly token: () => Promise<string> = () => vault.getZoomAccessToken(connectionId),
  ) {}

  /**
   * Calls with a token the app holds but has not stored yet: the one just granted on
   * connect (GET /users/me tells whose it is), with the default retries.
   */
  static withAccessToken(config: Config, accessToken: string): ZoomApi {
    return new ZoomApi("", { getZoomAccessToken: () => Promise.resolve(accessToken) }, config);
  }

  async request<T>(method: NonNullable<HttpRequest["method"]>, path: string, options: Omit<HttpRequest, "url" | "method"> = {}) {
    const token = await this.token();
    const res = await httpRequest<T>(
      {
        ...options,
        method,
        url: `${this.config.zoom.apiBaseUrl}${path}`,
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
