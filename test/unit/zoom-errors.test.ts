import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../../src/config";
import { TokenRefreshUnavailable } from "../../src/connections/vault";
import { ZoomApi } from "../../src/zoom/api";
import { HttpError, NetworkError, type ErrorKind } from "../../src/lib/http-client";
import { isZoomDailyRegistrantCap, isZoomPermanent, isZoomTransient, zoomErrorKind, zoomReadOrNone } from "../../src/zoom/errors";

/** An answer of Zoom's REST API: `{code, message}` (https://developers.zoom.us/docs/api/errors). */
const answer = (status: number, code?: number, message?: string) =>
  new HttpError(status, code === undefined ? undefined : { code, message }, new Headers(), { method: "GET", url: "https://api.zoom.us/v2/webinars/1" });

const network = (code: string, reason: string) =>
  new NetworkError(`GET https://api.zoom.us/v2/x failed: ${reason}`, { method: "GET", url: "https://api.zoom.us/v2/x" }, { cause: Object.assign(new Error(reason), { code }) });

const DAILY_CAP =
  "You have exceeded the daily rate limit of (3) for Add webinar registrant API requests for the registrant (ada@example.org). You can resume these API requests at GMT 00:00:00.";

// what, error, kind (answers from the fake and reference hubspot-zoom-api-facts §A6, §A7)
const cases: [string, unknown, ErrorKind][] = [
  ["400 300 invalid webinar id", answer(400, 300, "Invalid webinar id."), "refused"],
  ["400 3000 registration not enabled", answer(400, 3000, "Registration has not been enabled for this webinar: 1."), "refused"],
  ["400 3027 host cannot register", answer(400, 3027, "Host can not register"), "refused"],
  ["400 4711 token without the report scope", answer(400, 4711, "Invalid access token, does not contain scopes:[report:read:admin]."), "refused"],
  ["400 without a body", answer(400), "refused"],
  ["401 124 invalid access token", answer(401, 124, "Invalid access token."), "auth"],
  ["401 without a body", answer(401), "auth"],
  ["124 whatever the status (here 400)", answer(400, 124, "Invalid access token, this access token is not supported as query parameter string."), "auth"],
  ["403 200 no permission", answer(403, 200, "No permission."), "refused"],
  ["403 without a body", answer(403), "refused"],
  ["404 3001 webinar does not exist", answer(404, 3001, "Webinar does not exist: 1."), "not_found"],
  ["400 3001 webinar does not exist", answer(400, 3001, "Webinar does not exist."), "not_found"],
  ["404 1001 user does not exist", answer(404, 1001, "User does not exist: x."), "not_found"],
  ["404 3301 recording does not exist", answer(404, 3301, "This recording does not exist."), "not_found"],
  ["409 conflict", answer(409, 3034, "conflict"), "refused"],
  ["429 per-second rate limit", answer(429, 429, "You have reached the maximum per-second rate limit for this API. Try again later."), "transient"],
  ["429 per-day account limit", answer(429, 429, "You have reached the maximum per-day rate limit."), "transient"],
  ["429 daily per-registrant cap", answer(429, 429, DAILY_CAP), "refused"],
  ["500", answer(500), "transient"],
  ["503", answer(503, 503, "Service unavailable"), "transient"],
  ["connection refused", network("ECONNREFUSED", "connect ECONNREFUSED"), "transient"],
  ["connection reset", network("ECONNRESET", "socket hang up"), "transient"],
  ["token refresh unavailable (503)", new TokenRefreshUnavailable("zoom", "unknown_outcome", "the last refresh got no answer", 10), "transient"],
  ["a bug or a database blip", new Error("boom"), "internal"],
];

describe("Zoom's error classification (src/zoom/errors.ts)", () => {
  it.each(cases)("%s → %s", (_what, err, kind) => {
    expect(zoomErrorKind(err)).toBe(kind);
    expect(isZoomTransient(err)).toBe(kind === "transient");
    expect(isZoomPermanent(err)).toBe(kind === "refused" || kind === "not_found");
  });

  it.each(cases)("a read answered %s → %s: nothing to read when Zoom said no for good, else thrown", async (_what, err, kind) => {
    const read = zoomReadOrNone(Promise.reject(err));
    if (kind === "refused" || kind === "not_found") await expect(read).resolves.toBeUndefined();
    else await expect(read).rejects.toBe(err);
  });

  it("tells the daily per-registrant cap from the account's rate limits", () => {
    expect(isZoomDailyRegistrantCap(answer(429, 429, DAILY_CAP))).toBe(true);
    expect(isZoomDailyRegistrantCap(answer(429, 429, "You have reached the maximum per-day rate limit."))).toBe(false);
    expect(isZoomDailyRegistrantCap(answer(400, 429, DAILY_CAP))).toBe(false);
  });
});

describe("Zoom's API client (src/zoom/api.ts)", () => {
  let server: http.Server;
  const received: string[] = [];
  let api: ZoomApi;
  beforeAll(async () => {
    // Each path answers its 429 once, then 200.
    const answered = new Set<string>();
    server = http.createServer((req, res) => {
      received.push(req.url!);
      if (answered.has(req.url!)) return res.writeHead(200, { "content-type": "application/json" }).end("{}");
      answered.add(req.url!);
      const message = req.url === "/v2/cap" ? DAILY_CAP : "You have reached the maximum per-second rate limit for this API.";
      res.writeHead(429, { "content-type": "application/json", "retry-after": "0" }).end(JSON.stringify({ code: 429, message }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const config = { zoom: { apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2` } } as Config;
    api = ZoomApi.factory(config.zoom.apiBaseUrl, { getZoomAccessToken: async () => "token" })("c1", { retries: 2 });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("retries what the classification calls transient, and only that", async () => {
    await expect(api.get("/busy")).resolves.toEqual({});
    await expect(api.get("/cap")).rejects.toMatchObject({ status: 429 });
    expect(received).toEqual(["/v2/busy", "/v2/busy", "/v2/cap"]);
  });
});
