import { boundZoomEndpoints } from "../../src/zoom";
import { zoomEndpoint, zoomPath } from "../../src/zoom/endpoint";
import { ZOOM_ENDPOINTS } from "../../src/zoom/scopes";

describe("the Zoom endpoint functions (src/zoom/endpoints)", () => {
  it("cover every row of the scope table, each bound to its own row", () => {
    const bound = boundZoomEndpoints();
    expect(ZOOM_ENDPOINTS.filter((e) => !bound.has(e)).map((e) => `${e.method} ${e.path}`)).toEqual([]);
    expect(bound.size).toBe(ZOOM_ENDPOINTS.length);
  });

  it("refuse a row that is not in the table", () => {
    expect(() => zoomEndpoint("DELETE", "/webinars/{webinarId}")).toThrow("not in ZOOM_ENDPOINTS");
  });

  it("fill a row's placeholders and refuse to call a path with one missing", () => {
    const row = ZOOM_ENDPOINTS.find((e) => e.path === "/webinars/{webinarId}/registrants")!;
    expect(zoomPath(row, { webinarId: "81100000001" })).toBe("/webinars/81100000001/registrants");
    expect(() => zoomPath(row)).toThrow("{webinarId}");
  });
});
