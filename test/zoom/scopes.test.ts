import { ZOOM_DOWNLOAD_SCOPE, ZOOM_ENDPOINTS, ZOOM_SCOPES, zoomEndpointFor } from "../../src/zoom/scopes";

describe("the Zoom endpoint → scope table", () => {
  it.each([
    ["GET", "/users/me", "user:read:user:admin"],
    ["GET", "/users", "user:read:list_users:admin"],
    ["GET", "/users/zu_1/webinars", "webinar:read:list_webinars:admin"],
    ["GET", "/users/me/webinars", "webinar:read:list_webinars:admin"],
    ["get", "/webinars/81100000001", "webinar:read:webinar:admin"],
    ["POST", "/webinars/81100000001/registrants", "webinar:write:registrant:admin"],
    ["GET", "/webinars/81100000001/registrants", "webinar:read:list_registrants:admin"],
    // A webinar UUID with `/` is double-encoded into one segment.
    ["GET", "/past_webinars/abc%252F%252Fdef%3D%3D/participants", "webinar:read:list_past_participants:admin"],
    ["GET", "/report/webinars/81100000001/participants", "report:read:list_webinar_participants:admin"],
    ["GET", "/meetings/81100000001/recordings", "cloud_recording:read:list_recording_files:admin"],
    // The query string is not part of the endpoint, whether the last segment is a placeholder or fixed.
    ["GET", "/webinars/81100000001?occurrence_id=1", "webinar:read:webinar:admin"],
    ["GET", "/users?page_size=300&next_page_token=abc", "user:read:list_users:admin"],
  ])("%s %s needs %s", (method, path, scope) => {
    expect(zoomEndpointFor(method, path)?.scope).toBe(scope);
  });

  it.each([
    ["DELETE", "/webinars/81100000001", "a method the table does not list"],
    ["PUT", "/webinars/81100000001/registrants", "a method the table does not list"],
    ["GET", "/webinars", "a path without its id"],
    ["GET", "/webinars/81100000001/", "a trailing slash"],
    ["GET", "/webinars/8110/0000", "a placeholder spanning two segments"],
    ["GET", "/v2/webinars/81100000001", "the /v2 prefix (paths are below ZOOM_API_BASE_URL)"],
  ])("%s %s is not in the table: %s", (method, path) => {
    expect(zoomEndpointFor(method, path)).toBeUndefined();
  });

  it("is admin-level throughout, and the manifest's scope list holds each scope once, the download scope included", () => {
    expect(ZOOM_ENDPOINTS.filter((e) => !e.scope.endsWith(":admin"))).toEqual([]);
    expect(new Set(ZOOM_SCOPES).size).toBe(ZOOM_SCOPES.length);
    expect(ZOOM_SCOPES).toContain(ZOOM_DOWNLOAD_SCOPE);
    expect(ZOOM_ENDPOINTS.every((e) => ZOOM_SCOPES.includes(e.scope))).toBe(true);
  });
});
