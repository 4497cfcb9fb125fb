import http from "node:http";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "../../src/http/body";
import { zoomEvents } from "@hzw/fakes";
import { hubspotEvent, HubSpotWebhookSender } from "../helpers/hubspot-webhooks";
import { PORTAL_ID } from "../helpers/world";
import { ACTION, signV3 as signAction } from "../workflow-action/harness";
import { startWebhookWorld, type WebhookWorld } from "./harness";

/**
 * Bodies nobody should be able to use against the app: nested too deep, too large, or
 * large and unsigned. Each is refused with a 4xx naming the problem, and nothing is
 * recorded.
 */
describe("hostile request bodies", () => {
  let w: WebhookWorld;
  let hubspot: HubSpotWebhookSender;
  beforeAll(async () => {
    w = await startWebhookWorld();
    hubspot = new HubSpotWebhookSender(w.hubspot.clientSecret, w.app.url);
  });
  afterAll(async () => w?.close());
  beforeEach(async () => {
    await w.db.prisma.webhookEvent.deleteMany();
    await w.db.prisma.hubSpotWebhookEvent.deleteMany();
  });

  const nested = (depth: number, inner = "1") => "[".repeat(depth) + inner + "]".repeat(depth);
  const recorded = async () => (await w.db.prisma.webhookEvent.count()) + (await w.db.prisma.hubSpotWebhookEvent.count());
  const errorOf = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;

  /** POSTs exact bytes to the workflow action, signed as HubSpot signs (v3). */
  const action = async (raw: string) => {
    const timestamp = Date.now();
    const res = await fetch(w.app.url + ACTION, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hubspot-request-timestamp": String(timestamp),
        "x-hubspot-signature-v3": signAction(w.hubspot.clientSecret, w.app.config.appBaseUrl + ACTION, raw, timestamp),
      },
      body: raw,
    });
    return { status: res.status, body: await res.text() };
  };
  const settings = async (raw: string) => {
    const res = await w.browser.fetch(`${w.app.url}/api/settings`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-csrf-token": w.csrfToken },
      body: raw,
    });
    return { status: res.status, body: await res.text() };
  };

  it("when a signed body nests 100,000 arrays deep, then every JSON route answers 400 naming the nesting and nothing is recorded", async () => {
    const deep = nested(100_000);
    const deepEvent = `{"event":"webinar.created","event_ts":1,"payload":{"account_id":"a","object":${nested(100_000, "{}")}}}`;
    const answers = [
      await w.sender.send(deep),
      await w.sender.send(deepEvent),
      await hubspot.send(deep),
      await action(deep),
      await settings(deep),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(errorOf(answer.body)).toMatchObject({ code: "JSON_TOO_DEEP", message: expect.stringContaining("nested deeper than 64") });
    }
    expect(await recorded()).toBe(0);
  });

  it("when nesting stays within the limit or the brackets are inside strings, then the body is read as usual", async () => {
    // One level under the limit: past the body parser, refused by the event's own validation.
    const shallow = await w.sender.send(`{"event":"webinar.created","event_ts":1,"payload":{"account_id":"a","object":${nested(MAX_JSON_DEPTH - 3, "{}")}}}`);
    expect(shallow.status).toBe(400);
    expect(errorOf(shallow.body).code).toBe("MALFORMED_EVENT");
    // Brackets (and escaped quotes) in strings do not count.
    const event = zoomEvents.webinarCreated(w.webinar({ topic: `"${"[{".repeat(5_000)} \\" ${"[".repeat(100)}` }));
    expect((await w.sender.send(event)).status).toBe(204);
    expect(await w.db.prisma.webhookEvent.count()).toBe(1);
  });

  it("when a signed body is larger than 1 MB, then 413 names the size and nothing is recorded", async () => {
    const webinar = w.webinar();
    const big = zoomEvents.webinarCreated(webinar);
    (big.payload.object as Record<string, unknown>).agenda = "x".repeat(MAX_BODY_BYTES);
    const zoom = await w.sender.send(big);
    expect(zoom.status).toBe(413);
    expect(errorOf(zoom.body)).toMatchObject({ code: "BODY_TOO_LARGE", message: expect.stringContaining("1 MB") });
    const hs = await hubspot.send([hubspotEvent(PORTAL_ID, "contact.deletion", 1, { padding: "x".repeat(MAX_BODY_BYTES) })]);
    expect(hs.status).toBe(413);
    expect((await action(JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES) }))).status).toBe(413);
    expect((await settings(JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES) }))).status).toBe(413);
    expect(await recorded()).toBe(0);
  });

  /**
   * Sends only the headers of a request announcing `length` bytes of body, and resolves
   * with the answer if one comes while not a byte of the body has been sent.
   */
  const headersOnly = (path: string, headers: Record<string, string>, length: number) =>
    new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const { port } = new URL(w.app.url);
      const req = http.request(
        { host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json", "content-length": String(length), ...headers } },
        (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
        },
      );
      req.on("error", reject);
      req.flushHeaders();
      // The body is never sent: only an answer given without reading it can arrive.
      const giveUp = setTimeout(() => {
        req.destroy();
        reject(new Error("no answer without the body"));
      }, 10_000);
      req.on("close", () => clearTimeout(giveUp));
    });

  it("when an unsigned or stale webhook announces a body, then 401 comes before a byte of the body is read", async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const answers = [
      await headersOnly("/webhooks/zoom", {}, 500_000),
      await headersOnly("/webhooks/zoom", { "x-zm-signature": "v0=abc", "x-zm-request-timestamp": String(Math.floor(Date.now() / 1000)) }, 500_000),
      await headersOnly("/webhooks/zoom", { "x-zm-signature": `v0=${"0".repeat(64)}`, "x-zm-request-timestamp": stale }, 500_000),
      await headersOnly("/webhooks/hubspot", {}, 500_000),
      await headersOnly("/webhooks/hubspot", { "x-hubspot-signature-v3": "A".repeat(43) + "=", "x-hubspot-request-timestamp": String(Date.now() - 600_000) }, 500_000),
      await headersOnly(ACTION, {}, 500_000),
      await headersOnly(`${ACTION}/options`, { "x-hubspot-signature-v3": "A".repeat(43) + "=" }, 500_000),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(errorOf(answer.body).code).toBe("INVALID_SIGNATURE");
      expect(answer.connection).toBe("close");
    }
    expect(await recorded()).toBe(0);
  });

  it("when any request announces more than 1 MB, then 413 comes at once, before the body is read", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const answers = [
      await headersOnly("/webhooks/zoom", { "x-zm-signature": `v0=${"0".repeat(64)}`, "x-zm-request-timestamp": now }, 50 * MAX_BODY_BYTES),
      await headersOnly("/api/settings", {}, MAX_BODY_BYTES + 1),
      await headersOnly(ACTION, {}, 50 * MAX_BODY_BYTES),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(errorOf(answer.body).code).toBe("BODY_TOO_LARGE");
    }
    expect(await recorded()).toBe(0);
  });
});
