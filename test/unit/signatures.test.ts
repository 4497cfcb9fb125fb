import { createHash, createHmac } from "node:crypto";
import { verifyHubSpotV3, type SignedRequest } from "../../src/hubspot/signature";
import { checkZoomSignatureHeaders, urlValidationAnswer, verifyZoomSignature } from "../../src/webhooks/signature";
import { verifyHubSpotSignature } from "../../src/workflow-action/signature";

/**
 * Request signatures, pure (CONTRACT.md §3):
 *  - Zoom: `x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:{timestamp}:{raw body}")>`,
 *    timestamp in epoch seconds, at most 5 minutes off;
 *  - HubSpot v3: base64 HMAC-SHA256(client secret, METHOD + APP_BASE_URL + path and query
 *    + raw body + timestamp), timestamp in epoch ms, at most 5 minutes old;
 *  - HubSpot v2 (workflow action only, when v3 is absent): hex SHA-256(secret + METHOD + URI + body).
 * The first row of each table checks a vector computed outside this code base
 * (`openssl dgst -sha256 -hmac`); the other rows sign with the formula above, written here.
 */

// ---------------------------------------------------------------- Zoom
const ZOOM_SECRET = "zoom-secret-token";
const ZOOM_TS = "1764484800"; // epoch seconds
const ZOOM_NOW_MS = Number(ZOOM_TS) * 1000;
const ZOOM_BODY = '{"event":"webinar.created","payload":{"account_id":"acct_1"}}';
/** printf 'v0:%s:%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex */
const ZOOM_VECTOR = "v0=688ba1ce8683e58fccc9e6d09d02aaaf5828a93435d585ed92362f1d579ea680";
const zoomSign = (secret: string, timestamp: string, body: string) =>
  `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;

interface ZoomRequest {
  secret: string | undefined;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer | undefined;
  nowMs: number;
}
const zoomRequest = (fields: Partial<ZoomRequest> = {}): ZoomRequest => ({
  secret: ZOOM_SECRET,
  signature: ZOOM_VECTOR,
  timestamp: ZOOM_TS,
  rawBody: Buffer.from(ZOOM_BODY),
  nowMs: ZOOM_NOW_MS,
  ...fields,
});

describe("Zoom webhook signature (v0)", () => {
  it.each<[string, Partial<ZoomRequest>, string]>([
    ["right (openssl vector)", {}, "ok"],
    ["right, signed just now by the formula", { signature: zoomSign(ZOOM_SECRET, "1764485000", ZOOM_BODY), timestamp: "1764485000", nowMs: 1764485000_000 }, "ok"],
    ["right, the timestamp 5 minutes old", { nowMs: ZOOM_NOW_MS + 300_000 }, "ok"],
    ["right, the timestamp 5 minutes ahead", { nowMs: ZOOM_NOW_MS - 300_000 }, "ok"],
    ["stale: 5 minutes and 1 second old", { nowMs: ZOOM_NOW_MS + 301_000 }, "stale"],
    ["stale: 5 minutes and 1 second ahead", { nowMs: ZOOM_NOW_MS - 301_000 }, "stale"],
    ["stale: a timestamp in milliseconds", { timestamp: String(ZOOM_NOW_MS), signature: zoomSign(ZOOM_SECRET, String(ZOOM_NOW_MS), ZOOM_BODY) }, "stale"],
    ["wrong: signed with another secret", { signature: zoomSign("another-secret", ZOOM_TS, ZOOM_BODY) }, "mismatch"],
    ["tampered: the body changed after signing", { rawBody: Buffer.from(ZOOM_BODY.replace("acct_1", "acct_2")) }, "mismatch"],
    ["tampered: the same JSON re-serialised with spaces", { rawBody: Buffer.from(JSON.stringify(JSON.parse(ZOOM_BODY), null, 1)) }, "mismatch"],
    ["tampered: the timestamp replaced by a fresher one", { timestamp: "1764484860", nowMs: 1764484860_000 }, "mismatch"],
    ["malformed: the hex without v0=", { signature: ZOOM_VECTOR.slice(3) }, "mismatch"],
    ["malformed: upper-case hex", { signature: `v0=${ZOOM_VECTOR.slice(3).toUpperCase()}` }, "mismatch"],
    ["malformed: a digit short", { signature: ZOOM_VECTOR.slice(0, -1) }, "mismatch"],
    ["missing signature", { signature: undefined }, "missing"],
    ["missing timestamp", { timestamp: undefined }, "missing"],
    ["a timestamp that is not a number", { timestamp: "yesterday" }, "missing"],
    ["no secret token configured", { secret: undefined }, "no_secret"],
  ])("%s → %s", (_case, fields, expected) => {
    const check = verifyZoomSignature(zoomRequest(fields));
    expect(check.ok ? "ok" : check.reason).toBe(expected);
  });

  it("signs an empty body as the empty string", () => {
    const signature = zoomSign(ZOOM_SECRET, ZOOM_TS, "");
    expect(verifyZoomSignature(zoomRequest({ signature, rawBody: undefined }))).toEqual({ ok: true });
  });

  // What the headers alone tell, before the body is read: a well-formed signature passes here.
  it.each<[string, Partial<ZoomRequest>, string]>([
    ["well-formed headers, fresh", { signature: `v0=${"0".repeat(64)}` }, "ok"],
    ["stale", { nowMs: ZOOM_NOW_MS + 301_000 }, "stale"],
    ["missing signature", { signature: undefined }, "missing"],
    ["malformed signature", { signature: "v1=abc" }, "mismatch"],
    ["no secret token configured", { secret: undefined }, "no_secret"],
  ])("headers only: %s → %s", (_case, fields, expected) => {
    const check = checkZoomSignatureHeaders(zoomRequest(fields));
    expect(check.ok ? "ok" : check.reason).toBe(expected);
  });

  it("answers endpoint.url_validation with the hex HMAC of the plain token", () => {
    // printf 'plain-token-123' | openssl dgst -sha256 -hmac "$SECRET" -hex
    expect(urlValidationAnswer(ZOOM_SECRET, "plain-token-123")).toEqual({
      plainToken: "plain-token-123",
      encryptedToken: "f0455940fd01cdb9b89237bcaa5841e93579265e912e698b61d62b3609af12ae",
    });
  });
});

// ---------------------------------------------------------------- HubSpot
const HS_SECRET = "hubspot-client-secret";
const BASE = "https://app.example.com";
const HS_TS = 1764484800000; // epoch ms
const v3 = (secret: string, method: string, uri: string, body: string, timestamp: number | string) =>
  createHmac("sha256", secret).update(`${method}${uri}${body}${timestamp}`).digest("base64");
const v2 = (secret: string, method: string, uri: string, body: string) => createHash("sha256").update(`${secret}${method}${uri}${body}`).digest("hex");

interface Sent {
  method: string;
  /** The path and query the request reached (behind a proxy: not the public host). */
  path: string;
  body: string;
  headers: Record<string, string | undefined>;
}
const request = (sent: Sent): SignedRequest =>
  ({
    method: sent.method,
    originalUrl: sent.path,
    get: (name: string) => sent.headers[name.toLowerCase()],
    rawBody: Buffer.from(sent.body),
  }) as SignedRequest;

describe("HubSpot webhook signature (v3)", () => {
  const PATH = "/webhooks/hubspot";
  const BODY = '[{"eventId":1,"subscriptionType":"contact.privacyDeletion","portalId":62515,"objectId":501}]';
  /** printf '%s%s%s%s' POST "$URI" "$BODY" "$TS" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64 */
  const VECTOR = "KG1/sVmKOys4pljqAzdm6TjTnpp+fyPgTaMMEbGepEQ=";
  const signed = (headers: Record<string, string | undefined> = {}, fields: Partial<Sent> = {}): Sent => ({
    method: "POST",
    path: PATH,
    body: BODY,
    headers: { "x-hubspot-signature-v3": VECTOR, "x-hubspot-request-timestamp": String(HS_TS), ...headers },
    ...fields,
  });
  const sig = (fields: { secret?: string; method?: string; uri?: string; body?: string; timestamp?: number } = {}) =>
    v3(fields.secret ?? HS_SECRET, fields.method ?? "POST", fields.uri ?? BASE + PATH, fields.body ?? BODY, fields.timestamp ?? HS_TS);

  it.each<[string, Sent, number, string]>([
    ["right (openssl vector)", signed(), HS_TS + 1_000, "ok"],
    ["right, 5 minutes old", signed(), HS_TS + 300_000, "ok"],
    ["right, with a query string", signed({ "x-hubspot-signature-v3": sig({ uri: `${BASE}${PATH}?source=x` }) }, { path: `${PATH}?source=x` }), HS_TS, "ok"],
    ["stale: 5 minutes and 1 ms old", signed(), HS_TS + 300_001, "stale timestamp"],
    ["stale: 5 minutes and 1 ms ahead", signed(), HS_TS - 300_001, "stale timestamp"],
    ["stale: a timestamp in seconds", signed({ "x-hubspot-request-timestamp": String(HS_TS / 1000), "x-hubspot-signature-v3": sig({ timestamp: HS_TS / 1000 }) }), HS_TS, "stale timestamp"],
    ["wrong: signed with another secret", signed({ "x-hubspot-signature-v3": sig({ secret: "another-secret" }) }), HS_TS, "bad v3 signature"],
    ["wrong URI: another host", signed({ "x-hubspot-signature-v3": sig({ uri: `https://elsewhere.example${PATH}` }) }), HS_TS, "bad v3 signature"],
    ["wrong URI: another path", signed({ "x-hubspot-signature-v3": sig({ uri: `${BASE}/webhooks/zoom` }) }), HS_TS, "bad v3 signature"],
    ["wrong URI: the query left out of the signature", signed({ "x-hubspot-signature-v3": sig() }, { path: `${PATH}?source=x` }), HS_TS, "bad v3 signature"],
    ["wrong method", signed({ "x-hubspot-signature-v3": sig({ method: "GET" }) }), HS_TS, "bad v3 signature"],
    ["tampered body", signed({}, { body: BODY.replace("501", "502") }), HS_TS, "bad v3 signature"],
    ["tampered: the timestamp replaced by a fresher one", signed({ "x-hubspot-request-timestamp": String(HS_TS + 60_000) }), HS_TS + 60_000, "bad v3 signature"],
    ["missing timestamp", signed({ "x-hubspot-request-timestamp": undefined }), HS_TS, "missing or malformed X-HubSpot-Request-Timestamp"],
    ["a timestamp that is not a number", signed({ "x-hubspot-request-timestamp": "soon" }), HS_TS, "missing or malformed X-HubSpot-Request-Timestamp"],
    ["unsigned", signed({ "x-hubspot-signature-v3": undefined }), HS_TS, "unsigned"],
  ])("%s → %s", (_case, sent, now, expected) => {
    const check = verifyHubSpotV3(request(sent), HS_SECRET, BASE, now);
    expect(check.ok ? "ok" : check.reason).toBe(expected);
  });

  it("refuses everything when no client secret is configured", () => {
    expect(verifyHubSpotV3(request(signed()), undefined, BASE, HS_TS)).toEqual({ ok: false, reason: "no HubSpot client secret is configured" });
  });
});

describe("HubSpot workflow action signature (v3, else v2)", () => {
  const PATH = "/hubspot/actions/add-to-webinar?portalId=62515";
  const BODY = '{"callbackId":"cb-1","inputFields":{"webinarId":"81234567890"}}';
  /** printf '%s%s%s%s' POST "$URI" "$BODY" "$TS" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64 */
  const V3_VECTOR = "2g1y+fud3bcKsV6mqizsw/vVrbQ3RDBOgrdffv4YhEk=";
  /** printf '%s%s%s%s' "$SECRET" POST "$URI" "$BODY" | openssl dgst -sha256 -hex */
  const V2_VECTOR = "2f588578b721f06a18d297fb45b0398ab47141d9fd608f35474836e35ad77ecd";
  const sent = (headers: Record<string, string | undefined>, fields: Partial<Sent> = {}): Sent => ({ method: "POST", path: PATH, body: BODY, headers, ...fields });
  const withV3 = (signature: string, timestamp = HS_TS) => ({ "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp) });
  const withV2 = (signature: string) => ({ "x-hubspot-signature": signature, "x-hubspot-signature-version": "v2" });

  it.each<[string, Sent, number, string]>([
    ["v3 right (openssl vector)", sent(withV3(V3_VECTOR)), HS_TS + 1_000, "v3"],
    ["v3 stale", sent(withV3(V3_VECTOR)), HS_TS + 300_001, "stale timestamp"],
    ["v3 wrong secret", sent(withV3(v3("another-secret", "POST", BASE + PATH, BODY, HS_TS))), HS_TS, "bad v3 signature"],
    ["v3 wrong URI (the request's own host signed)", sent(withV3(v3(HS_SECRET, "POST", `http://127.0.0.1:3000${PATH}`, BODY, HS_TS))), HS_TS, "bad v3 signature"],
    ["v3 tampered body", sent(withV3(V3_VECTOR), { body: BODY.replace("81234567890", "89999999999") }), HS_TS, "bad v3 signature"],
    [
      "v3 over a URI whose query HubSpot decoded (%3A, %40)",
      sent(withV3(v3(HS_SECRET, "POST", `${BASE}/hubspot/actions/add-to-webinar?email=a@b.example&t=10:30`, BODY, HS_TS)), {
        path: "/hubspot/actions/add-to-webinar?email=a%40b.example&t=10%3A30",
      }),
      HS_TS,
      "v3",
    ],
    ["v2 right (openssl vector)", sent(withV2(V2_VECTOR)), HS_TS, "v2"],
    ["v2 right in upper-case hex", sent(withV2(V2_VECTOR.toUpperCase())), HS_TS, "v2"],
    ["v2 right, whatever the clock (v2 has no timestamp)", sent(withV2(V2_VECTOR)), HS_TS + 24 * 3600_000, "v2"],
    ["v2 wrong secret", sent(withV2(v2("another-secret", "POST", BASE + PATH, BODY))), HS_TS, "bad v2 signature"],
    ["v2 wrong URI", sent(withV2(v2(HS_SECRET, "POST", `${BASE}/hubspot/actions/add-to-webinar`, BODY))), HS_TS, "bad v2 signature"],
    ["v2 tampered body", sent(withV2(V2_VECTOR), { body: BODY.replace("cb-1", "cb-2") }), HS_TS, "bad v2 signature"],
    ["v3 present and bad, v2 right: v3 decides", sent({ ...withV3(v3("another-secret", "POST", BASE + PATH, BODY, HS_TS)), ...withV2(V2_VECTOR) }), HS_TS, "bad v3 signature"],
    ["unsigned", sent({}), HS_TS, "unsigned"],
  ])("%s → %s", (_case, req, now, expected) => {
    const check = verifyHubSpotSignature(request(req), HS_SECRET, BASE, now);
    expect(check.ok ? check.version : check.reason).toBe(expected);
  });

  it("refuses everything when no client secret is configured", () => {
    expect(verifyHubSpotSignature(request(sent(withV3(V3_VECTOR))), undefined, BASE, HS_TS)).toEqual({ ok: false, reason: "no HubSpot client secret is configured" });
  });
});
