import { createHmac } from "node:crypto";
import { processWebhookEvent } from "../../src/webinars/process-event";
import { addFakeContact, addFakeWebinar } from "@hzw/fakes";
import { install, PORTAL_ID, ZOOM_ACCOUNT } from "../helpers/world";
import { Browser } from "../helpers/browser";
import { ACTION, actionBody, callSigned, registrantCalls, startActionWorld, webinar, type ActionWorld } from "./harness";

describe("workflow action: Add contact to Zoom webinar", () => {
  let world: ActionWorld;
  beforeAll(async () => (world = await startActionWorld()));
  afterAll(async () => world?.close());
  beforeEach(() => world.zoom.clearFaults());

  const refusalOf = (res: { status: number; json: any }) => {
    expect(res.status).toBe(200);
    expect(res.json.outputFields.hs_execution_state).toBe("FAIL_CONTINUE");
    return res.json.outputFields as { error_code: string; error_message: string };
  };

  it("when the contact is enrolled, then Zoom registers exactly its first name, last name and email and the answer carries the registration", async () => {
    const w = webinar(world);
    const body = actionBody({
      webinarId: w.id,
      properties: { firstname: "Ada", lastname: "Lovelace", email: "Ada@Example.org", phone: "+44 1", company: "Analytical" },
    });
    const res = await callSigned(world, ACTION, body);

    expect(res.status).toBe(200);
    const registrant = w.registrants.find((r) => r.email === "ada@example.org")!;
    expect(res.json).toEqual({
      outputFields: { hs_execution_state: "SUCCESS", zoom_registrant_id: registrant.id, zoom_join_url: registrant.join_url },
    });
    const sent = registrantCalls(world).filter((c) => c.path === `/v2/webinars/${w.id}/registrants`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({ first_name: "Ada", last_name: "Lovelace", email: "ada@example.org" });
    expect(sent[0]!.query).toEqual({});
  });

  it("when a registration succeeds, then it is recorded once as a webinar fact and a sync of that webinar is requested", async () => {
    const w = webinar(world, { topic: "Recorded fact" });
    const body = actionBody({ webinarId: w.id, properties: { firstname: "Grace", lastname: "Hopper", email: "grace@example.org" } });
    const res = await callSigned(world, ACTION, body);
    expect(res.json.outputFields.hs_execution_state).toBe("SUCCESS");

    const row = await world.db.prisma.webinar.findFirstOrThrow({ where: { zoomWebinarId: w.id }, include: { registrants: true } });
    expect(row).toMatchObject({ topic: "Recorded fact", hostEmail: "other-host@zoomco.example", alternativeHosts: ["alt.one@zoomco.example", "alt.two@partner.example"] });
    expect(row.registrants).toEqual([
      expect.objectContaining({
        email: "grace@example.org",
        firstName: "Grace",
        lastName: "Hopper",
        source: "workflow",
        status: "approved",
        zoomRegistrantId: res.json.outputFields.zoom_registrant_id,
        joinUrl: res.json.outputFields.zoom_join_url,
      }),
    ]);
    const jobs = await world.db.sql.query<{ data: { webinarId: string } }>(
      `SELECT data FROM pgboss.job WHERE name = 'sync-webinar' AND data->>'webinarId' = $1`,
      [row.id],
    );
    expect(jobs).toHaveLength(1);

    // The same person registered again (a new enrollment): Zoom answers the existing
    // registration and the fact stays one row.
    const again = await callSigned(world, ACTION, actionBody({ webinarId: w.id, properties: { firstname: "Grace", lastname: "Hopper", email: "GRACE@example.org" } }));
    expect(again.json.outputFields.zoom_registrant_id).toBe(res.json.outputFields.zoom_registrant_id);
    expect(await world.db.prisma.registrant.count({ where: { webinarId: row.id } })).toBe(1);
    expect(await world.db.prisma.webinar.count({ where: { zoomWebinarId: w.id } })).toBe(1);
  });

  it("when many contacts are enrolled at once, some of them twice, then each call is answered and recorded once, and one sync is requested", async () => {
    const w = webinar(world, { topic: "Enrolled at once" });
    // The webinar is known before the burst (the common case: its webhooks came first).
    const first = await callSigned(world, ACTION, actionBody({ webinarId: w.id, properties: { firstname: "F", lastname: "Irst", email: "first@example.org" } }));
    expect(first.json.outputFields.hs_execution_state).toBe("SUCCESS");
    const people = Array.from({ length: 12 }, (_, i) => ({ firstname: `P${i}`, lastname: "Burst", email: `burst${i % 8}@example.org` }));
    const bodies = people.map((properties) => actionBody({ webinarId: w.id, properties }));
    const answers = await Promise.all(bodies.map((body) => callSigned(world, ACTION, body)));

    for (const res of answers) expect(res.json.outputFields.hs_execution_state).toBe("SUCCESS");
    const row = await world.db.prisma.webinar.findFirstOrThrow({ where: { zoomWebinarId: w.id } });
    expect(await world.db.prisma.registrant.count({ where: { webinarId: row.id } })).toBe(1 + 8);
    const calls = await world.db.prisma.workflowCall.findMany({ where: { callbackId: { in: bodies.map((b) => b.callbackId) } } });
    expect(calls).toHaveLength(12);
    for (const [i, body] of bodies.entries()) {
      expect(calls.find((c) => c.callbackId === body.callbackId)).toMatchObject({ state: "done", response: answers[i]!.json.outputFields });
    }
    const jobs = await world.db.sql.query(`SELECT id FROM pgboss.job WHERE name = 'sync-webinar' AND data->>'webinarId' = $1 AND state = 'created'`, [row.id]);
    expect(jobs).toHaveLength(1);
    // Redelivered, every one of them gets its stored answer without calling Zoom again.
    const before = registrantCalls(world).length;
    const again = await Promise.all(bodies.map((body) => callSigned(world, ACTION, body)));
    expect(again.map((r) => r.json)).toEqual(answers.map((r) => r.json));
    expect(registrantCalls(world).length).toBe(before);
  });

  it("when Zoom's own registration webhook for the same registration arrives too, then the registration is still one fact", async () => {
    const w = webinar(world, { topic: "Webhook and action" });
    const res = await callSigned(world, ACTION, actionBody({ webinarId: w.id, properties: { firstname: "Mary", lastname: "Jackson", email: "mary@example.org" } }));
    expect(res.json.outputFields.hs_execution_state).toBe("SUCCESS");
    const registrant = w.registrants[0];

    // Zoom's webhook, signed as Zoom signs it, then processed as the worker would.
    const event = {
      event: "webinar.registration_created",
      event_ts: Date.now(),
      payload: {
        account_id: ZOOM_ACCOUNT,
        object: {
          id: Number(w.id), uuid: w.uuid, host_id: w.host_id, topic: w.topic, start_time: w.start_time, duration: w.duration, timezone: "UTC",
          registrant: { id: registrant!.id, email: "mary@example.org", first_name: "Mary", last_name: "Jackson", join_url: registrant!.join_url, status: "approved", create_time: registrant!.create_time },
        },
      },
    };
    const raw = JSON.stringify(event);
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", world.zoom.webhookSecretToken).update(`v0:${ts}:${raw}`).digest("hex")}`;
    const hook = await fetch(`${world.app.url}/webhooks/zoom`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-zm-request-timestamp": ts, "x-zm-signature": signature },
      body: raw,
    });
    expect(hook.status).toBeLessThan(300);
    const recorded = await world.db.prisma.webhookEvent.findFirstOrThrow({ where: { eventType: "webinar.registration_created" }, orderBy: { receivedAt: "desc" } });
    await processWebhookEvent(world.app.services, recorded.id);
    expect((await world.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: recorded.id } })).status).toBe("processed");

    const rows = await world.db.prisma.registrant.findMany({ where: { webinar: { zoomWebinarId: w.id } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: "mary@example.org", status: "approved", zoomRegistrantId: registrant!.id, cancelledAt: null });
  });

  it("when the payload has no contact properties, then they are read from HubSpot", async () => {
    const w = webinar(world);
    const contact = addFakeContact(world.hubspot, PORTAL_ID, { firstname: "Katherine", lastname: "Johnson", email: "kj@example.org", phone: "1" });
    const res = await callSigned(world, ACTION, actionBody({ webinarId: w.id, properties: null, objectId: Number(contact.id) }));

    expect(res.json.outputFields.hs_execution_state).toBe("SUCCESS");
    const reads = world.hubspot.callsTo("GET", `/crm/objects/2026-09/contacts/${contact.id}`);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.query).toEqual({ properties: "firstname,lastname,email" });
    expect(registrantCalls(world).at(-1)!.body).toEqual({ first_name: "Katherine", last_name: "Johnson", email: "kj@example.org" });
  });

  it("when the contact has no email, in the payload or in HubSpot, then MISSING_EMAIL and Zoom is not asked", async () => {
    const w = webinar(world);
    const noEmail = addFakeContact(world.hubspot, PORTAL_ID, { firstname: "No", lastname: "Mail", email: null });
    const before = world.zoom.calls.length;
    const a = refusalOf(await callSigned(world, ACTION, actionBody({ webinarId: w.id, objectId: Number(noEmail.id), properties: { firstname: "No" } })));
    const b = refusalOf(await callSigned(world, ACTION, actionBody({ webinarId: w.id, objectId: 999999, properties: null })));
    expect(a.error_code).toBe("MISSING_EMAIL");
    expect(b.error_code).toBe("MISSING_EMAIL");
    expect(world.zoom.calls.length).toBe(before);
  });

  it("when the webinar id has spaces or dashes, then they are ignored; anything else not a digit is INVALID_WEBINAR_ID", async () => {
    const w = webinar(world);
    const spaced = `${w.id.slice(0, 3)} ${w.id.slice(3, 7)}-${w.id.slice(7)}`;
    const ok = await callSigned(world, ACTION, actionBody({ webinarId: ` ${spaced} `, properties: { firstname: "Sp", lastname: "Aced", email: "spaced@example.org" } }));
    expect(ok.json.outputFields.hs_execution_state).toBe("SUCCESS");
    expect(registrantCalls(world).at(-1)!.path).toBe(`/v2/webinars/${w.id}/registrants`);

    const before = world.zoom.calls.length;
    for (const bad of ["8123x4567", "https://zoom.us/w/812345", "", "12.5"]) {
      expect(refusalOf(await callSigned(world, ACTION, actionBody({ webinarId: bad }))).error_code).toBe("INVALID_WEBINAR_ID");
    }
    expect(refusalOf(await callSigned(world, ACTION, actionBody({}))).error_code).toBe("INVALID_WEBINAR_ID");
    expect(world.zoom.calls.length).toBe(before);
  });

  it.each([
    ["the webinar's host (any case)", "Other-Host@ZoomCo.example"],
    ["an alternative host", "alt.two@partner.example"],
    ["the Zoom user of the connection", "host@zoomco.example"],
  ])("when the contact is %s, then HOST_CANNOT_REGISTER before Zoom is asked to register", async (_who, email) => {
    const w = webinar(world);
    const res = await callSigned(world, ACTION, actionBody({ webinarId: w.id, properties: { firstname: "H", lastname: "H", email } }));
    expect(refusalOf(res)).toEqual({
      hs_execution_state: "FAIL_CONTINUE",
      error_code: "HOST_CANNOT_REGISTER",
      error_message: "Webinar host cannot register for the webinar",
    });
    expect(world.zoom.callsTo("GET", `/v2/webinars/${w.id}`)).toHaveLength(1);
    expect(world.zoom.callsTo("POST", `/v2/webinars/${w.id}/registrants`)).toHaveLength(0);
    expect(w.registrants).toHaveLength(0);
  });

  it("when Zoom refuses, then its reason becomes the error code, recorded as done", async () => {
    const person = (email: string) => ({ firstname: "Z", lastname: "R", email });
    const expectCode = async (webinarId: string, email: string, code: string) => {
      const body = actionBody({ webinarId, properties: person(email) });
      const res = await callSigned(world, ACTION, body);
      expect(refusalOf(res).error_code).toBe(code);
      const call = await world.db.prisma.workflowCall.findUniqueOrThrow({ where: { callbackId: body.callbackId } });
      expect(call.state).toBe("done");
      expect(call.response).toEqual(res.json.outputFields);
    };
    await expectCode(webinar(world, { settings: { approval_type: 2 } }).id, "a@example.org", "REGISTRATION_DISABLED");
    await expectCode("99999999999", "a@example.org", "WEBINAR_NOT_FOUND");
    const elsewhere = addFakeWebinar(world.zoom, "acct_other", { id: "x", email: "x@other.example" });
    await expectCode(elsewhere.id, "a@example.org", "WEBINAR_NOT_FOUND");
    await expectCode(webinar(world, { start_time: "2026-01-05T10:00:00Z" }).id, "a@example.org", "WEBINAR_ENDED");
    const full = webinar(world, { capacity: 1 });
    const first = await callSigned(world, ACTION, actionBody({ webinarId: full.id, properties: person("first@example.org") }));
    expect(first.json.outputFields.hs_execution_state).toBe("SUCCESS");
    const fullRes = await callSigned(world, ACTION, actionBody({ webinarId: full.id, properties: person("second@example.org") }));
    expect(refusalOf(fullRes).error_code).toBe("WEBINAR_FULL");

    const w = webinar(world);
    world.zoom.inject({ method: "POST", path: `/v2/webinars/${w.id}/registrants`, status: 400, body: { code: 3027, message: "Host can not register" } });
    await expectCode(w.id, "secret-host@example.org", "HOST_CANNOT_REGISTER");
    world.zoom.inject({ method: "GET", path: `/v2/webinars/${w.id}`, status: 400, body: { code: 300, message: "Invalid webinar id." } });
    await expectCode(w.id, "a@example.org", "INVALID_WEBINAR_ID");
  });

  it("when Zoom's daily cap for the registrant is reached, then REGISTRATION_LIMIT (not a retry)", async () => {
    const w = webinar(world);
    const body = () => actionBody({ webinarId: w.id, properties: { firstname: "Cap", lastname: "Ped", email: "capped@example.org" } });
    for (let i = 0; i < 3; i++) expect((await callSigned(world, ACTION, body())).json.outputFields.hs_execution_state).toBe("SUCCESS");
    const fourth = await callSigned(world, ACTION, body());
    expect(fourth.status).toBe(200);
    expect(refusalOf(fourth).error_code).toBe("REGISTRATION_LIMIT");
    expect(world.zoom.callsTo("POST", `/v2/webinars/${w.id}/registrants`)).toHaveLength(4);
  });

  it("when the portal has not connected Zoom, or is not installed, then ZOOM_NOT_CONNECTED / PORTAL_NOT_INSTALLED", async () => {
    const w = webinar(world);
    world.hubspot.addPortal(777001, 7771);
    await install(world, new Browser(), 777001);
    const before = world.zoom.calls.length;
    expect(refusalOf(await callSigned(world, ACTION, actionBody({ portalId: 777001, webinarId: w.id }))).error_code).toBe("ZOOM_NOT_CONNECTED");
    expect(refusalOf(await callSigned(world, ACTION, actionBody({ portalId: 123456789, webinarId: w.id }))).error_code).toBe("PORTAL_NOT_INSTALLED");
    await world.db.prisma.portal.update({ where: { id: 777001n }, data: { uninstalledAt: new Date() } });
    expect(refusalOf(await callSigned(world, ACTION, actionBody({ portalId: 777001, webinarId: w.id }))).error_code).toBe("PORTAL_NOT_INSTALLED");
    expect(world.zoom.calls.length).toBe(before);
  });

  it("when the body is not an action call, then 400 naming the problem and nothing is done", async () => {
    const res = await callSigned(world, ACTION, { callbackId: "x", origin: {}, object: { objectType: "DEAL", objectId: 1 }, inputFields: {} });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("INVALID_BODY");
    expect(await world.db.prisma.workflowCall.count({ where: { callbackId: "x" } })).toBe(0);
  });
});
