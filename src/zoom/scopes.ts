/**
 * Every Zoom endpoint the app calls, with the granular scope it needs (CONTRACT.md §4,
 * reference platform-2026 §C2). The app is admin-managed, so every scope is the `:admin`
 * form. This table is the only list: `npm run zoom:manifest` asks for exactly its scopes,
 * and the test suite fails when the code calls a Zoom endpoint that is not in it
 * (test/helpers/suite-calls.ts).
 *
 * Not confirmed (README "Known unknowns"): Zoom documents these names in the
 * `x-granular-scopes` of its OpenAPI files, read here through public code that quotes
 * them; `/users/me` and the registration-questions scope follow the same pattern.
 */
export interface ZoomEndpoint {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path below ZOOM_API_BASE_URL (`/v2`), with `{param}` placeholders. */
  path: string;
  scope: string;
  doc: string;
}

const API = "https://developers.zoom.us/docs/api";

export const ZOOM_ENDPOINTS: readonly ZoomEndpoint[] = [
  { method: "GET", path: "/users/me", scope: "user:read:user:admin", doc: `${API}/users/#tag/users/GET/users/{userId}` },
  { method: "GET", path: "/users", scope: "user:read:list_users:admin", doc: `${API}/users/#tag/users/GET/users` },
  { method: "GET", path: "/users/{userId}/webinars", scope: "webinar:read:list_webinars:admin", doc: `${API}/meetings/#tag/webinars/GET/users/{userId}/webinars` },
  { method: "GET", path: "/webinars/{webinarId}", scope: "webinar:read:webinar:admin", doc: `${API}/meetings/#tag/webinars/GET/webinars/{webinarId}` },
  { method: "POST", path: "/webinars/{webinarId}/registrants", scope: "webinar:write:registrant:admin", doc: `${API}/meetings/#tag/webinars/POST/webinars/{webinarId}/registrants` },
  { method: "GET", path: "/webinars/{webinarId}/registrants", scope: "webinar:read:list_registrants:admin", doc: `${API}/meetings/#tag/webinars/GET/webinars/{webinarId}/registrants` },
  { method: "GET", path: "/webinars/{webinarId}/registrants/questions", scope: "webinar:read:list_registration_questions:admin", doc: `${API}/meetings/#tag/webinars/GET/webinars/{webinarId}/registrants/questions` },
  { method: "GET", path: "/past_webinars/{webinarId}/instances", scope: "webinar:read:list_past_instances:admin", doc: `${API}/meetings/#tag/webinars/GET/past_webinars/{webinarId}/instances` },
  { method: "GET", path: "/past_webinars/{webinarUuid}/participants", scope: "webinar:read:list_past_participants:admin", doc: `${API}/meetings/#tag/webinars/GET/past_webinars/{webinarId}/participants` },
  { method: "GET", path: "/report/webinars/{webinarId}/participants", scope: "report:read:list_webinar_participants:admin", doc: `${API}/meetings/#tag/reports/GET/report/webinars/{webinarId}/participants` },
  { method: "GET", path: "/meetings/{meetingId}/recordings", scope: "cloud_recording:read:list_recording_files:admin", doc: `${API}/meetings/#tag/cloud-recording/GET/meetings/{meetingId}/recordings` },
];

/** Recording files are downloaded from their `download_url` with the same scope as the listing. */
export const ZOOM_DOWNLOAD_SCOPE = "cloud_recording:read:list_recording_files:admin";

/** The scopes the manifest asks for: each once, in table order. */
export const ZOOM_SCOPES: readonly string[] = [...new Set([...ZOOM_ENDPOINTS.map((e) => e.scope), ZOOM_DOWNLOAD_SCOPE])];

const patterns = ZOOM_ENDPOINTS.map((e) => ({
  endpoint: e,
  // A placeholder is one path segment; `/users/me` is listed before `/users/{userId}/…` and matched exactly.
  regex: new RegExp(`^${e.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/**
 * The table's row for a call (path below `/v2`), or undefined. A query string is ignored:
 * without this, a placeholder would swallow `?…` in the last segment (`/webinars/1?x=1`
 * matched) while a fixed last segment would not (`/users?page_size=300` unmatched).
 */
export function zoomEndpointFor(method: string, path: string): ZoomEndpoint | undefined {
  const bare = path.split("?")[0] ?? path;
  return patterns.find((p) => p.endpoint.method === method.toUpperCase() && p.regex.test(bare))?.endpoint;
}
