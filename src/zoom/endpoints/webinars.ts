import { z } from "zod";
import type { ZoomApi } from "../api";
import { zoomEndpoint, zoomPage, zoomPath } from "../endpoint";

/**
 * GET /webinars/{webinarId} — https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/webinars/{webinarId}
 * (reference §A5: host_email, settings.alternative_hosts, settings.approval_type). Read
 * leniently: the workflow action registers into whatever webinar Zoom describes.
 */
export const GET_WEBINAR = zoomEndpoint("GET", "/webinars/{webinarId}");
export const ZoomWebinar = z
  .object({
    id: z.union([z.number(), z.string()]).transform(String),
    uuid: z.string().optional(),
    topic: z.string().default(""),
    start_time: z.string().optional(),
    duration: z.number().optional(),
    timezone: z.string().optional(),
    host_id: z.string().optional(),
    host_email: z.string().optional(),
    join_url: z.string().optional(),
    registration_url: z.string().optional(),
    // A recurring webinar's occurrences (read leniently by src/zoom/occurrences.ts).
    occurrences: z.array(z.unknown()).optional(),
    settings: z
      .object({ alternative_hosts: z.string().optional(), approval_type: z.number().optional() })
      .loose()
      .optional(),
  })
  .loose();
export type ZoomWebinar = z.infer<typeof ZoomWebinar>;

/**
 * One webinar. `shape` reads the answer as ZoomWebinar (default), or as the webhooks'
 * WebinarObject (src/zoom/schemas.ts) when the answer becomes recorded facts ("Sync now").
 * A ZodError means Zoom's answer does not have that shape.
 */
export async function getWebinar<S extends z.ZodType = typeof ZoomWebinar>(
  api: ZoomApi,
  webinarId: string,
  shape: S = ZoomWebinar as unknown as S,
): Promise<z.infer<S>> {
  return shape.parse(await api.get(zoomPath(GET_WEBINAR, { webinarId })));
}

/** GET /users/{userId}/webinars — https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/users/{userId}/webinars (reference §A5). */
export const LIST_USER_WEBINARS = zoomEndpoint("GET", "/users/{userId}/webinars");
/** An item of the list: the fields of ZoomWebinar the list carries. */
export const ListedWebinar = ZoomWebinar.pick({ id: true, topic: true, start_time: true, duration: true, timezone: true }).loose();
export type ListedWebinar = z.infer<typeof ListedWebinar>;

/** The user's webinars, all pages; an item that does not parse is left out. */
export async function listUserWebinars(api: ZoomApi, userId: string): Promise<ListedWebinar[]> {
  const items = await api.list<unknown>(zoomPath(LIST_USER_WEBINARS, { userId: encodeURIComponent(userId) }), "webinars");
  return items.flatMap((item) => {
    const parsed = ListedWebinar.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The `type` of GET /users/{userId}/webinars that lists a user's webinars that already took
 * place. Not confirmed (README "Known unknowns"): Zoom's SDK types the query's `type` as a
 * plain string (rivet `WebinarsListWebinarsQueryParams`, no enum; its list documents
 * `scheduled` and `upcoming`), and the past value is the one Zoom documents for meetings.
 * The one place it is written.
 */
export const PAST_WEBINARS_TYPE = "past";

/** A past webinar as the list gives it: its id, and its uuid, host and start when given. */
export const ListedPastWebinar = ZoomWebinar.pick({ id: true, uuid: true, topic: true, start_time: true, duration: true, host_id: true }).loose();
export type ListedPastWebinar = z.infer<typeof ListedPastWebinar>;

/**
 * One page of a user's past webinars (GET /users/{userId}/webinars?type=past,
 * https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/users/{userId}/webinars),
 * `page_size` 300 and `next_page_token` (reference §A7; the token lasts 15 minutes). An item
 * that does not parse is left out.
 */
export async function pastWebinarsPage(api: ZoomApi, userId: string, token: string | undefined): Promise<{ webinars: ListedPastWebinar[]; next?: string }> {
  const page = await zoomPage(api, zoomPath(LIST_USER_WEBINARS, { userId: encodeURIComponent(userId) }), "webinars", { type: PAST_WEBINARS_TYPE }, token);
  const webinars = page.items.flatMap((item) => {
    const parsed = ListedPastWebinar.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  return { webinars, next: page.next };
}

/**
 * GET /past_webinars/{webinarId}/instances — https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/past_webinars/{webinarId}/instances
 * (reference platform-2026 §C4; rivet `WebinarsListPastWebinarInstancesResponse`: `webinars[{uuid, start_time}]`,
 * not paged): the instances a webinar was held as (each occurrence of a recurring one). An item without a uuid is left out.
 */
export const LIST_PAST_INSTANCES = zoomEndpoint("GET", "/past_webinars/{webinarId}/instances");
export const PastInstance = z.object({ uuid: z.string().min(1), start_time: z.string().optional() }).loose();
export type PastInstance = z.infer<typeof PastInstance>;

export async function listPastInstances(api: ZoomApi, webinarId: string): Promise<PastInstance[]> {
  const body = await api.get<{ webinars?: unknown[] } | undefined>(zoomPath(LIST_PAST_INSTANCES, { webinarId: encodeURIComponent(webinarId) }));
  return (body?.webinars ?? []).flatMap((item) => {
    const parsed = PastInstance.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
