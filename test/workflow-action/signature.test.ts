import http from "node:http";
import { ACTION, actionBody, callSigned, signV2, signV3, startActionWorld, webinar, type ActionWorld } from "./harness";

describe("workflow action: HubSpot request signatures", () => {
  let world: ActionWorld;
  let webinarId: string;
  beforeAll(async () => {
    world = await startActionWorld();
    webinarId = webinar(world).id;
  });
  afterAll(async () => world?.close());

  const recordedCalls = () => world.db.prisma.workflowCall.count();

  it("when signed with v3 and a fresh timestamp, then the action runs", async () => {
    const res = await callSigned(world, ACTION, actionBody({ webinarId }), { version: "v3" });
    expect(res.status).toBe(200);
    expect(res.json.outputFields.hs_execution_state).toBe("SUCCESS");
  });

  it("when signed with v2 only, then the action runs", async () => {
    const body = actionBody({ webinarId, properties: { firstname: "V", lastname: "Two", email: "v2@example.org" } });
    const res = await callSigned(world, ACTION, body, { version: "v2" });
    expect(res.status).toBe(200);
    expect(res.json.outputFields.hs_execution_state).toBe("SUCCESS");
  });

  it.each([
    ["the v3 timestamp is more than 5 minutes old", { version: "v3" as const, timestamp: Date.now() - 5 * 60_000 - 1_000 }],
    ["the v3 timestamp is far in the future", { version: "v3" as const, timestamp: Date.now() + 60 * 60_000 }],
    ["v3 is signed with another secret", { version: "v3" as const, secret: "not-the-client-secret" }],
    ["v2 is signed with another secret", { version: "v2" as const, secret: "not-the-client-secret" }],
    ["v3 is signed for another URI", { version: "v3" as const, signedUri: "https://elsewhere.example/hubspot/actions/add-to-webinar" }],
    ["the body was changed after v3 signing", { version: "v3" as const, changeBody: true }],
    ["the body was changed after v2 signing", { version: "v2" as const, changeBody: true }],
  ])("when %s, then 401 and nothing is done", async (_case, opts) => {
    const zoomCalls = world.zoom.calls.length;
    const before = await recordedCalls();
    const body = actionBody({ webinarId, properties: { firstname: "Eve", lastname: "Il", email: "eve@example.org" } });
    const tampered = { ...body, object: { ...body.object, properties: { firstname: "Eve", lastname: "Il", email: "mallory@example.org" } } };
    const { changeBody, ...sign } = opts as typeof opts & { changeBody?: boolean };
    const res = await callSigned(world, ACTION, body, { ...sign, sendBody: changeBody ? JSON.stringify(tampered) : undefined });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("INVALID_SIGNATURE");
    expect(world.zoom.calls.length).toBe(zoomCalls);
    expect(await recordedCalls()).toBe(before);
  });

  it("when unsigned, or v3 comes without its timestamp, then 401", async () => {
    const raw = JSON.stringify(actionBody({ webinarId }));
    const unsigned = await fetch(world.app.url + ACTION, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
    expect(unsigned.status).toBe(401);
    const noTimestamp = await fetch(world.app.url + ACTION, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hubspot-signature-v3": signV3(world.hubspot.clientSecret, world.app.config.appBaseUrl + ACTION, raw, Date.now()),
      },
      body: raw,
    });
    expect(noTimestamp.status).toBe(401);
  });

  it("when the query string is part of the URI, then it is part of what is signed", async () => {
    const path = `${ACTION}?portal=1&b=2`;
    const ok = await callSigned(world, path, actionBody({ webinarId, properties: { firstname: "Q", lastname: "S", email: "qs@example.org" } }));
    expect(ok.status).toBe(200);
    const bad = await callSigned(world, path, actionBody({ webinarId }), { signedUri: world.app.config.appBaseUrl + ACTION });
    expect(bad.status).toBe(401);
  });

  it("when the request reaches the app under another host name (a proxy), then the signature over APP_BASE_URL still holds", async () => {
    const raw = JSON.stringify(actionBody({ webinarId, properties: { firstname: "P", lastname: "X", email: "proxy@example.org" } }));
    const timestamp = Date.now();
    const post = (signedUri: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(world.app.url + ACTION);
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: ACTION,
            method: "POST",
            headers: {
              host: "zoom-app.public.example",
              "x-forwarded-host": "zoom-app.public.example",
              "content-type": "application/json",
              "content-length": Buffer.byteLength(raw),
              "x-hubspot-signature-v3": signV3(world.hubspot.clientSecret, signedUri, raw, timestamp),
              "x-hubspot-request-timestamp": String(timestamp),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on("error", reject);
        req.end(raw);
      });
    expect(await post("https://zoom-app.public.example" + ACTION)).toBe(401);
    expect(await post(world.app.config.appBaseUrl + ACTION)).toBe(200);
  });

  it("when the test's own v2 signer is given HubSpot's documented example, then it gives HubSpot's documented digest", () => {
    // HubSpot's own example values for v2 (developers.hubspot.com/docs/faq/v2-request-validation):
    // secret "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", POST https://www.example.com/webhook_uri, body `{"example_field":"example_value"}`.
    expect(signV2("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", "https://www.example.com/webhook_uri", '{"example_field":"example_value"}')).toBe(
      "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900",
    );
  });
});
