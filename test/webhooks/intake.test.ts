import { createHmac } from "node:crypto";
import { zoomEvents } from "@hzw/fakes";
import { ZOOM_ACCOUNT } from "../helpers/world";
import { startWebhookWorld, type WebhookWorld } from "./harness";

/** Intake only (no workers): what is answered and what is recorded. */
describe("POST /webhooks/zoom intake", () => {
  let w: WebhookWorld;
  beforeAll(async () => (w = await startWebhookWorld()));
  afterAll(async () => w?.close());
  beforeEach(async () => w.db.prisma.webhookEvent.deleteMany());

  const recorded = () => w.db.prisma.webhookEvent.count();
  const registration = () => {
    const webinar = w.webinar();
    return zoomEvents.registrationCreated(webinar, {
      id: "reg_1", email: "ada@example.org", first_name: "Ada", last_name: "Lovelace",
      status: "approved", join_url: `${webinar.join_url}?tk=1`, create_time: new Date().toISOString(),
    });
  };

  it("when the signature is good, then the event is recorded before the answer and acknowledged with 204", async () => {
    const event = registration();
    const delivery = await w.sender.send(event);
    expect(delivery.status).toBe(204);
    const rows = await w.db.prisma.webhookEvent.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ eventType: "webinar.registration_created", accountId: ZOOM_ACCOUNT, status: "pending", trackingId: delivery.trackingId });
    expect(rows[0]!.payload).toEqual(event);
    const jobs = await w.db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'zoom-webhook-events' AND data->'eventIds' @> jsonb_build_array($1::text)",
      [rows[0]!.id],
    );
    expect(jobs[0]!.n).toBe(1);
  });

  it("when the signature is wrong, then 401 and nothing is recorded", async () => {
    const res = await w.sender.send(registration(), { signature: `v0=${"0".repeat(64)}` });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe("INVALID_SIGNATURE");
    expect(await recorded()).toBe(0);
  });

  it("when the signature was made with another secret, then 401", async () => {
    const body = JSON.stringify(registration());
    const ts = Math.floor(Date.now() / 1000);
    const other = `v0=${createHmac("sha256", "not-the-secret").update(`v0:${ts}:${body}`).digest("hex")}`;
    expect((await w.sender.send(body, { timestamp: ts, signature: other })).status).toBe(401);
    expect(await recorded()).toBe(0);
  });

  it("when the timestamp is more than 5 minutes old or ahead, then 401 even with a valid signature", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await w.sender.send(registration(), { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await w.sender.send(registration(), { timestamp: now + 6 * 60 })).status).toBe(401);
    expect((await w.sender.send(registration(), { timestamp: now - 4 * 60 })).status).toBe(204);
    expect(await recorded()).toBe(1);
  });

  it("when the signature or timestamp header is missing, then 401", async () => {
    expect((await w.sender.send(registration(), { signature: null })).status).toBe(401);
    const body = JSON.stringify(registration());
    const res = await fetch(w.sender.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-zm-signature": w.sender.sign(body, Math.floor(Date.now() / 1000)) },
      body,
    });
    expect(res.status).toBe(401);
    expect(await recorded()).toBe(0);
  });

  it("when the body is changed after signing (even whitespace), then 401", async () => {
    const event = registration();
    const signed = JSON.stringify(event);
    expect((await w.sender.send(signed, { bodyAfterSigning: signed.replace("ada@example.org", "eve@example.org") })).status).toBe(401);
    expect((await w.sender.send(signed, { bodyAfterSigning: JSON.stringify(event, null, 1) })).status).toBe(401);
    expect(await recorded()).toBe(0);
  });

  it("when Zoom validates the endpoint, then it answers the plain token and its HMAC under the secret token", async () => {
    const res = await w.sender.send(zoomEvents.urlValidation("qgg8vlvZRS6UYooatFL8Aw"));
    expect(res.status).toBe(200);
    const expected = createHmac("sha256", w.zoom.webhookSecretToken).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex");
    expect(JSON.parse(res.body)).toEqual({ plainToken: "qgg8vlvZRS6UYooatFL8Aw", encryptedToken: expected });
    expect(await recorded()).toBe(0);
  });

  it("when an endpoint validation is not signed, then 401 and no token is hashed for it", async () => {
    const res = await w.sender.send(zoomEvents.urlValidation("abc"), { signature: null });
    expect(res.status).toBe(401);
    expect(res.body).not.toContain("encryptedToken");
  });

  it("when the same event arrives three times (Zoom retries with new tracking ids), then it is recorded once", async () => {
    const event = registration();
    const answers = [await w.sender.send(event), await w.sender.send(event), await w.sender.send(event)];
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204]);
    expect(await recorded()).toBe(1);
  });

  it("when one delivery is repeated with its tracking id, then it is recorded once", async () => {
    const event = registration();
    await w.sender.send(event, { trackingId: "trk-1" });
    const again = await w.sender.send(event, { trackingId: "trk-1" });
    expect(again.status).toBe(204);
    expect(await recorded()).toBe(1);
  });

  it("when a different event reuses an already-seen tracking id, then it is recorded too, and its own redelivery is not", async () => {
    const webinar = w.webinar();
    const first = registration();
    const other = zoomEvents.webinarCreated(webinar);
    await w.sender.send(first, { trackingId: "trk-reused" });
    const answer = await w.sender.send(other, { trackingId: "trk-reused" });
    expect(answer.status).toBe(204);
    await w.sender.send(other, { trackingId: "trk-reused" });
    const rows = await w.db.prisma.webhookEvent.findMany({ orderBy: { receivedAt: "asc" } });
    expect(rows.map((r) => [r.eventType, r.trackingId])).toEqual([
      ["webinar.registration_created", "trk-reused"],
      ["webinar.created", "trk-reused"],
    ]);
    const jobs = await w.db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'zoom-webhook-events' AND data->'eventIds' @> jsonb_build_array($1::text)",
      [rows[1]!.id],
    );
    expect(jobs[0]!.n).toBe(1);
  });

  it("when the same person joins at two different times, then both joins are recorded", async () => {
    const webinar = w.webinar();
    const instance = w.activity.start(webinar);
    const p = { user_id: "16778240", name: "Ada", user_email: "ada@example.org" };
    await w.sender.send(zoomEvents.participantJoined(webinar, instance, { ...p, join_time: "2026-11-27T10:00:00Z" }));
    await w.sender.send(zoomEvents.participantJoined(webinar, instance, { ...p, join_time: "2026-11-27T10:20:00Z" }));
    expect(await recorded()).toBe(2);
  });

  it("when a signed body is malformed, then 4xx names the problem and nothing is recorded", async () => {
    const bad = ["{not json", "[1,2]", JSON.stringify({ payload: {} }), JSON.stringify({ event: "webinar.created", payload: { account_id: "a" } }),
      JSON.stringify({ event: "webinar.participant_joined", payload: { account_id: "a", object: { id: 1, uuid: "u" } } }),
      JSON.stringify({ event: "endpoint.url_validation", payload: {} }),
      JSON.stringify({ event: "webinar.created", payload: { account_id: "a", object: { id: 1, topic: "nul\u0000byte" } } })];
    for (const body of bad) {
      const res = await w.sender.send(body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.message).toBeTruthy();
    }
    const form = await fetch(w.sender.url, { method: "POST", headers: { "content-type": "text/plain" }, body: "event=x" });
    expect(form.status).toBe(415);
    expect(await recorded()).toBe(0);
  });

  it("when the event type is unknown, then 200, kept as ignored, never processed", async () => {
    const res = await w.sender.send({ event: "meeting.chat_message_sent", event_ts: Date.now(), payload: { account_id: ZOOM_ACCOUNT, object: { id: 5 } } });
    expect(res.status).toBe(200);
    expect(await w.db.prisma.webhookEvent.findMany({ select: { status: true, eventType: true } })).toEqual([
      { status: "ignored", eventType: "meeting.chat_message_sent" },
    ]);
  });

  it("when the secret token is logged nowhere, then neither it nor signatures appear in the logs", async () => {
    await w.sender.send(registration());
    await w.sender.send(registration(), { signature: "v0=bad" });
    const logs = w.app.logs.text();
    expect(logs).not.toContain(w.zoom.webhookSecretToken);
    expect(logs).not.toMatch(/v0=[0-9a-f]{64}/);
  });
});
