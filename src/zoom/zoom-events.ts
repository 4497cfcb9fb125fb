/**
 * Whether a classic webinar object (webhook `webinar.created`, GET /webinars/{webinarId})
 * belongs to Zoom Events ("Webinars Plus & Events"): such webinars are left alone, as
 * HubSpot's own integration does (reference platform-2026 §C6).
 *
 * NOT CONFIRMED (README "Known unknowns"): Zoom documents no field that says so. The
 * rule below is the one place that decides, from the candidates reference §C6 lists:
 *  - `creation_source` (GET webinar and `webinar.created` since 2024-11-18,
 *    https://developers.zoom.us/changelog/meetings/november-18-2024/; typed as a bare
 *    string in Zoom's SDK, `WebinarsGetWebinarResponse`, its values undocumented);
 *  - `license_type` (since 2025-11-06, values undocumented).
 * A value naming Zoom Events or Webinars Plus marks the webinar. `is_simulive` is not a
 * marker: simulive (pre-recorded) webinars are ordinary Zoom webinars.
 * Returns undefined when the object carries neither field (not said: a later event or
 * "Sync now" may say), false when it carries one that names something else.
 */
export const ZOOM_EVENTS_FIELDS = ["creation_source", "license_type"] as const;

/** The values taken to mean Zoom Events: guessed, to be replaced by what Zoom sends (see above). */
export const ZOOM_EVENTS_VALUE = /zoom[\s_-]?events|webinars?[\s_-]?plus/i;

export function isZoomEventsWebinar(o: Record<string, unknown>): boolean | undefined {
  const said = ZOOM_EVENTS_FIELDS.map((f) => o[f]).filter((v): v is string => typeof v === "string" && v !== "");
  if (said.length === 0) return undefined;
  return said.some((v) => ZOOM_EVENTS_VALUE.test(v));
}
