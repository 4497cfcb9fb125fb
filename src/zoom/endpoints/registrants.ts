import { z } from "zod";
import type { ZoomApi } from "../api";
import { zoomEndpoint, zoomPage, zoomPath, type ZoomPage } from "../endpoint";

/** POST /webinars/{webinarId}/registrants — https://developers.zoom.us/docs/api/meetings/#tag/webinars/POST/webinars/{webinarId}/registrants (reference §A5, §A6: 3 per contact per day). */
export const ADD_REGISTRANT = zoomEndpoint("POST", "/webinars/{webinarId}/registrants");
export interface NewRegistrant {
  first_name: string;
  last_name: string;
  email: string;
  /** Answers to the registration questions: standard fields by field_name, `custom_questions[{title, value}]` (src/zoom/registration-answers.ts). */
  [answer: string]: unknown;
}
/** The 201 answer. */
export const ZoomRegistration = z
  .object({
    // `id` in this answer is the webinar's id, not the registrant's.
    registrant_id: z.string().min(1),
    join_url: z.string().default(""),
  })
  .loose();
export type ZoomRegistration = z.infer<typeof ZoomRegistration>;

/**
 * `occurrenceIds`: only these occurrences of a recurring webinar (query `occurrence_ids`,
 * comma-separated; Zoom's SDK: WebinarsAddWebinarRegistrantQueryParams; reference
 * platform-2026 §C3/§C4); without it the registration covers every occurrence.
 */
export async function addRegistrant(api: ZoomApi, webinarId: string, body: NewRegistrant, occurrenceIds?: string[]): Promise<ZoomRegistration> {
  const query = occurrenceIds?.length ? { occurrence_ids: occurrenceIds.join(",") } : undefined;
  return ZoomRegistration.parse(await api.post(zoomPath(ADD_REGISTRANT, { webinarId }), body, query));
}

/**
 * GET /webinars/{webinarId}/registrants — https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/webinars/{webinarId}/registrants
 * Items are RegistrantObject (src/zoom/schemas.ts), the same object as in the webhooks.
 */
export const LIST_REGISTRANTS = zoomEndpoint("GET", "/webinars/{webinarId}/registrants");

/** One page of the webinar's registrants with this status (`pageToken` from the previous page). */
export function registrantsPage(
  api: ZoomApi,
  webinarId: string,
  { status, pageToken }: { status: "approved" | "pending" | "denied"; pageToken?: string },
): Promise<ZoomPage> {
  return zoomPage(api, zoomPath(LIST_REGISTRANTS, { webinarId }), "registrants", { status }, pageToken);
}
