import { RateBudget } from "../../src/hubspot/budget";
import { addFakeContact } from "@hzw/fakes";
import { executeAddToWebinar } from "../../src/workflow-action/execute";
import { PORTAL_ID } from "../helpers/world";
import { ExecuteActionBody } from "../../src/workflow-action/schemas";
import { ACTION, actionBody, callSigned, startActionWorld, webinar, type ActionWorld } from "./harness";

describe("workflow action: redeliveries, concurrency and Zoom outages", () => {
  let world: ActionWorld;
  beforeAll(async () => (world = await startActionWorld()));
  afterAll(async () => world?.close());
  beforeEach(() => world.zoom.clearFaults());

  let n = 0;
  const person = () => ({ firstname: "Re", lastname: "Try", email: `person${++n}@example.org` });
  const addCalls = (webinarId: string) => world.zoom.callsTo("POST", `/v2/webinars/${webinarId}/registrants`).length;

  it("when the same callbackId is delivered again, then the first answer is returned and Zoom is called once", async () => {
    const w = webinar(world);
    const body = actionBody({ webinarId: w.id, properties: person() });
    const first = await callSigned(world, ACTION, body);
    const second = await callSigned(world, ACTION, body, { version: "v2" });
    expect(first.json.outputFields.hs_execution_state).toBe("SUCCESS");
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(addCalls(w.id)).toBe(1);

    // A refusal is an answer too.
    const refused = actionBody({ webinarId: "99999999999", properties: person() });
    const r1 = await callSigned(world, ACTION, refused);
    const r2 = await callSigned(world, ACTION, refused);
    expect(r2.json).toEqual(r1.json);
    expect(world.zoom.callsTo("GET", "/v2/webinars/99999999999")).toHaveLength(1);
  });

  it("when deliveries of one callbackId arrive concurrently, then Zoom is called once and every one gets the same answer", async () => {
    const w = webinar(world);
    const body = actionBody({ webinarId: w.id, properties: person() });
    world.zoom.inject({ method: "POST", path: `/v2/webinars/${w.id}/registrants`, delayMs: 300 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => callSigned(world, ACTION, body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    for (const a of answers) expect(a.json).toEqual(answers[0]!.json);
    expect(answers[0]!.json.outputFields.hs_execution_state).toBe("SUCCESS");
    expect(addCalls(w.id)).toBe(1);
    expect(w.registrants).toHaveLength(1);
  });

  it("when a duplicate arrives while the first is still waiting on Zoom, then it answers 429 with Retry-After; later it gets the answer", async () => {
    const w = webinar(world);
    const body = actionBody({ webinarId: w.id, properties: person() });
    world.zoom.inject({ method: "POST", path: `/v2/webinars/${w.id}/registrants`, delayMs: 3_000 });
    const first = callSigned(world, ACTION, body);
    await new Promise((r) => setTimeout(r, 200));
    const duplicate = await callSigned(world, ACTION, body);
    expect(duplicate.status).toBe(429);
    expect(Number(duplicate.headers.get("retry-after"))).toBeGreaterThan(0);
    const done = await first;
    expect(done.json.outputFields.hs_execution_state).toBe("SUCCESS");
    const later = await callSigned(world, ACTION, body);
    expect(later.json).toEqual(done.json);
    expect(addCalls(w.id)).toBe(1);
  });

  it.each([
    ["Zoom answers 5xx", { status: 503, body: { code: 503, message: "Service unavailable" } }, undefined],
    ["Zoom's account rate limit answers 429", { status: 429, body: { code: 429, message: "You have reached the maximum per-second rate limit for this API. Try again later." }, headers: { "Retry-After": "7" } }, "7"],
    ["the connection to Zoom drops", { drop: true }, undefined],
  ])("when %s, then 429 with Retry-After, nothing is recorded, and HubSpot's retry registers", async (_case, fault, retryAfter) => {
    const w = webinar(world);
    const body = actionBody({ webinarId: w.id, properties: person() });
    world.zoom.inject({ method: "POST", path: `/v2/webinars/${w.id}/registrants`, ...fault });
    const res = await callSigned(world, ACTION, body);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(retryAfter ?? "30");
    expect(await world.db.prisma.workflowCall.findUnique({ where: { callbackId: body.callbackId } })).toBeNull();
    expect(await world.db.prisma.registrant.count({ where: { email: body.object.properties!.email } })).toBe(0);

    const retried = await callSigned(world, ACTION, body);
    expect(retried.status).toBe(200);
    expect(retried.json.outputFields.hs_execution_state).toBe("SUCCESS");
    expect(await world.db.prisma.registrant.count({ where: { email: body.object.properties!.email } })).toBe(1);
  });

  it("when the contact must be read from HubSpot but the portal's rate limit is used up, then 429 at once with the time left, and HubSpot is not called", async () => {
    const w = webinar(world);
    const contact = addFakeContact(world.hubspot, PORTAL_ID, { firstname: "Busy", lastname: "Portal", email: "busy@example.org" });
    const body = actionBody({ webinarId: w.id, properties: null, objectId: Number(contact.id) });
    // Our own sync was told by HubSpot to stay away for 20 s.
    await new RateBudget(world.db.prisma).pause(BigInt(PORTAL_ID), 20_000);
    const reads = () => world.hubspot.callsTo("GET", `/crm/objects/2026-09/contacts/${contact.id}`).length;
    const res = await callSigned(world, ACTION, body);
    expect(res.status).toBe(429);
    // At once: nearly all of the 20 s pause is still ahead (a wait would have used it up).
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(18);
    expect(reads()).toBe(0);
    expect(addCalls(w.id)).toBe(0);
    expect(await world.db.prisma.workflowCall.findUnique({ where: { callbackId: body.callbackId } })).toBeNull();

    await world.db.sql.query(`UPDATE hubspot_rate_budgets SET blocked_until = 0 WHERE portal_id = $1`, [PORTAL_ID]);
    const retried = await callSigned(world, ACTION, body);
    expect(retried.json.outputFields.hs_execution_state).toBe("SUCCESS");
    expect(reads()).toBe(1);
  });

  it("when Zoom's webinar lookup fails with 5xx, then 429 too (the host check cannot be skipped)", async () => {
    const w = webinar(world);
    world.zoom.inject({ method: "GET", path: `/v2/webinars/${w.id}`, status: 502 });
    const res = await callSigned(world, ACTION, actionBody({ webinarId: w.id, properties: person() }));
    expect(res.status).toBe(429);
    expect(addCalls(w.id)).toBe(0);
  });

  it("when Zoom does not answer in time, then it is a retry-later and nothing is recorded", async () => {
    const w = webinar(world);
    world.zoom.inject({ method: "POST", path: `/v2/webinars/${w.id}/registrants`, delayMs: 1_500 });
    const body = ExecuteActionBody.parse(actionBody({ webinarId: w.id, properties: person() }));
    const outcome = await executeAddToWebinar(world.app.services, body, { zoomTimeoutMs: 300 });
    expect(outcome).toMatchObject({ kind: "retry-later", retryAfterSeconds: 30 });
    expect(await world.db.prisma.workflowCall.findUnique({ where: { callbackId: body.callbackId } })).toBeNull();
  });

  it("when an earlier attempt died holding the callback (older than its lease), then a redelivery takes over", async () => {
    const w = webinar(world);
    const body = actionBody({ webinarId: w.id, properties: person() });
    await world.db.prisma.workflowCall.create({
      data: { callbackId: body.callbackId, portalId: 62515n, state: "in_progress", createdAt: new Date(Date.now() - 10 * 60_000) },
    });
    const res = await callSigned(world, ACTION, body);
    expect(res.json.outputFields.hs_execution_state).toBe("SUCCESS");
    expect((await world.db.prisma.workflowCall.findUniqueOrThrow({ where: { callbackId: body.callbackId } })).state).toBe("done");
  });
});
