import type { HttpRequest } from "../lib/http-client";
import type { ZoomApi } from "./api";
import { ZOOM_ENDPOINTS, type ZoomEndpoint } from "./scopes";

/**
 * Binds an endpoint function (src/zoom/endpoints/*) to its row of the scope table
 * (src/zoom/scopes.ts): the function builds its URL from the row's path, so the table
 * and the calls cannot drift. A row that is not in the table fails at load, and
 * test/zoom/endpoints.test.ts checks that every row has its function.
 */
const bound = new Set<ZoomEndpoint>();

export function zoomEndpoint(method: ZoomEndpoint["method"], path: string): ZoomEndpoint {
  const row = ZOOM_ENDPOINTS.find((e) => e.method === method && e.path === path);
  if (!row) throw new Error(`${method} ${path} is not in ZOOM_ENDPOINTS (src/zoom/scopes.ts)`);
  bound.add(row);
  return row;
}

/** The rows that have an endpoint function (all of them once src/zoom/index.ts is loaded). */
export const boundZoomEndpoints = (): ReadonlySet<ZoomEndpoint> => bound;

/** The row's path with its `{placeholders}` filled, each value already encoded for a path segment. */
export function zoomPath(row: ZoomEndpoint, params: Record<string, string> = {}): string {
  return row.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${row.path}: no value for {${name}}`);
    return value;
  });
}

/** Zoom's largest page (reference §A7). */
export const ZOOM_PAGE_SIZE = 300;

/** One page of a Zoom list: its items and the next page's token (undefined on the last page). */
export interface ZoomPage {
  items: unknown[];
  next?: string;
}

/** One page of a Zoom list at Zoom's largest page size, for callers that keep their place between pages. */
export async function zoomPage(api: ZoomApi, path: string, itemsKey: string, query: HttpRequest["query"], token: string | undefined): Promise<ZoomPage> {
  const body = await api.get<Record<string, unknown> | undefined>(path, { page_size: ZOOM_PAGE_SIZE, ...query, ...(token && { next_page_token: token }) });
  const items = Array.isArray(body?.[itemsKey]) ? (body[itemsKey] as unknown[]) : [];
  const next = typeof body?.next_page_token === "string" && body.next_page_token !== "" ? body.next_page_token : undefined;
  return { items, next };
}
