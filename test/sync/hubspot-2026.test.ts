import path from "node:path";
import ejs from "ejs";
import { HubSpotError } from "../../src/hubspot/errors";
import { portalView } from "../../src/sandbox/portal-view";
import { syncWebinar } from "../../src/sync/sync-webinar";
import { withoutCallLog } from "../helpers/suite-calls";
import { PORTAL_ID, startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";
import { attend, auditOf, buildWebinar, HOST, hubspotState, installAndConnect, minutes, register, T0, zoomUser } from "./factories";

/**
 * The date-based HubSpot APIs (CONTRACT.md §5): marketing events completed and
 * cancelled from the recorded facts, once; HubSpot's 2026-09 VALIDATION_ERROR reported
 * in the webinar's audit log and never retried; the fake refusing what the 2026-09
 * request schemas refuse and every legacy path.
 */
describe("HubSpot 2026-09 APIs", () => {
  let world: World;
  let connectionId: string;
  const sync = (webinarId: string, force = false) => syncWebinar(world.app.services, webinarId, { force });
  const calls = (suffix: string) => world.hubspot.calls.filter((c) => c.method === "POST" && c.path.endsWith(suffix));

  beforeAll(async () => {
    world = await startWorld();
    ({ connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());
  afterEach(() => world.hubspot.clearFaults());

  describe("marketing events", () => {
    it("when a webinar has ended, then its event is completed once with the actual start and end, also after a forced re-sync", async () => {
      const w = await buildWebinar(world, connectionId, { actualStartTime: minutes(3), endedAt: minutes(58) });
      await register(world, w.id, { email: "eve@customer.example", firstName: "Eve", lastName: "Evans" });
      const path = `/marketing/marketing-events/2026-09/events/${w.zoomWebinarId}/complete`;

      await sync(w.id);
      await sync(w.id);
      await sync(w.id, true);

      const completes = world.hubspot.callsTo("POST", path);
      expect(completes).toHaveLength(1);
      expect(completes[0]!.query).toEqual({ externalAccountId: ZOOM_ACCOUNT });
      expect(completes[0]!.body).toEqual({ startDateTime: minutes(3).toISOString(), endDateTime: minutes(58).toISOString() });
      expect(hubspotState(world).event(w.zoomWebinarId)!.properties).toMatchObject({
        eventCompleted: true, startDateTime: minutes(3).toISOString(), endDateTime: minutes(58).toISOString(),
      });
      expect(world.hubspot.callsTo("POST", `/marketing/marketing-events/2026-09/events/${w.zoomWebinarId}/cancel`)).toHaveLength(0);
      const shown = portalView(world.hubspot, PORTAL_ID).events.find((e) => e.externalEventId === w.zoomWebinarId);
      expect(shown).toMatchObject({ status: "completed", end: minutes(58).toISOString() });
    });

    it("when the recorded end changes, then completion is sent again with the new facts", async () => {
      const w = await buildWebinar(world, connectionId);
      await sync(w.id);
      await world.db.prisma.webinar.update({ where: { id: w.id }, data: { endedAt: minutes(75) } });
      await sync(w.id);
      const bodies = world.hubspot.callsTo("POST", `/marketing/marketing-events/2026-09/events/${w.zoomWebinarId}/complete`).map((c) => c.body);
      expect(bodies).toEqual([
        { startDateTime: T0.toISOString(), endDateTime: minutes(60).toISOString() },
        { startDateTime: T0.toISOString(), endDateTime: minutes(75).toISOString() },
      ]);
    });

    it("when a webinar that has not run is deleted in Zoom, then its event is cancelled once and never completed", async () => {
      const w = await buildWebinar(world, connectionId, { startTime: minutes(7 * 24 * 60), actualStartTime: null, endedAt: null });
      await register(world, w.id, { email: "finn@customer.example", firstName: "Finn" });
      await sync(w.id);
      expect(hubspotState(world).event(w.zoomWebinarId)!.properties.eventCancelled).toBeUndefined();

      // As the webinar.deleted webhook records it (src/webinars/handlers.ts).
      await world.db.prisma.webinar.update({ where: { id: w.id }, data: { deletedAt: new Date() } });
      await sync(w.id);
      await sync(w.id, true);

      const cancels = world.hubspot.callsTo("POST", `/marketing/marketing-events/2026-09/events/${w.zoomWebinarId}/cancel`);
      expect(cancels).toHaveLength(1);
      expect(cancels[0]!.query).toEqual({ externalAccountId: ZOOM_ACCOUNT });
      expect(hubspotState(world).event(w.zoomWebinarId)!.properties.eventCancelled).toBe(true);
      expect(world.hubspot.callsTo("POST", `/marketing/marketing-events/2026-09/events/${w.zoomWebinarId}/complete`)).toHaveLength(0);
      const view = portalView(world.hubspot, PORTAL_ID);
      expect(view.events.find((e) => e.externalEventId === w.zoomWebinarId)!.status).toBe("cancelled");
      // The sandbox's portal page shows it (views/sandbox-portal.ejs, as /sandbox/portal renders it).
      const html = await ejs.renderFile(path.join(__dirname, "../../views/sandbox-portal.ejs"), { title: "Portal", portalId: PORTAL_ID, view });
      expect(html).toContain('<strong class="event-status">cancelled</strong>');
      expect(html).toContain('<strong class="event-status">completed</strong>');
    });

    it("when attendance is written, then each input carries contactProperties with the person's names, which HubSpot uses only on create", async () => {
      const w = await buildWebinar(world, connectionId);
      await register(world, w.id, { email: "gia@customer.example", firstName: "Gia", lastName: "Green" });
      await attend(world, w.id, { email: "walk@in.example", name: "Walt In" }, [[0, 10]]);
      await sync(w.id);
      const inputs = world.hubspot
        .callsTo("POST", /\/marketing\/marketing-events\/2026-09\/attendance\/.*\/email-create$/)
        .flatMap((c) => (c.body as { inputs: { email: string; contactProperties: unknown }[] }).inputs);
      expect(inputs.find((i) => i.email === "gia@customer.example")!.contactProperties).toEqual({ firstname: "Gia", lastname: "Green" });
      expect(inputs.find((i) => i.email === "walk@in.example")!.contactProperties).toEqual({ firstname: "Walt", lastname: "In" });
    });
  });

  describe("calls and transcripts", () => {
    it("when a recording is synced, then its call is created in a batch and its transcript sent with an integer engagementId", async () => {
      await zoomUser(world, connectionId, { ...HOST, syncRecordingsAndTranscripts: true });
      try {
        const w = await buildWebinar(world, connectionId);
        await register(world, w.id, { email: "lea@rec26.example" });
        await attend(world, w.id, { email: "lea@rec26.example" }, [[0, 60]]);
        await world.db.prisma.recording.create({
          data: {
            webinarId: w.id, instanceUuid: `inst-${w.id}`, shareUrl: "https://zoom.example/rec/share/t26", startTime: minutes(0), durationMinutes: 60,
            status: "completed", files: [{ file_type: "TRANSCRIPT", recording_type: "audio_transcript" }],
            transcriptVtt: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHana Host: Welcome.\n",
          },
        });
        await sync(w.id);
        const [create] = calls("/crm/objects/2026-09/calls/batch/create").slice(-1);
        const callId = [...hubspotState(world).crm.calls.values()].find((c) => c.properties.hs_call_recording_url === "https://zoom.example/rec/share/t26")!.id;
        expect((create!.body as { inputs: unknown[] }).inputs).toHaveLength(1);
        const [transcript] = world.hubspot.callsTo("POST", "/crm/extensions/calling/2026-09/transcripts").slice(-1);
        expect(transcript!.body).toMatchObject({ engagementId: Number(callId), transcriptCreateUtterances: [{ text: "Welcome.", startTimeMillis: 1000, endTimeMillis: 2500 }] });
        expect(hubspotState(world).crm.transcripts.get(callId)).toHaveLength(1);
      } finally {
        await zoomUser(world, connectionId, { ...HOST, syncRecordingsAndTranscripts: false });
      }
    });
  });

  describe("VALIDATION_ERROR", () => {
    const validationError = (property: string, message: string) => ({
      category: "VALIDATION_ERROR",
      correlationId: "3f0c1f4e-5a9e-4f2b-9d7c-2b1e8f6a0c11",
      message: "Property values were not valid",
      errors: [{ message, code: "INVALID_URL", in: property, context: { propertyName: [property] } }],
    });

    it("when HubSpot refuses a contact property's value, then the sync says so in the audit log, sends it once and does not fail", async () => {
      const w = await buildWebinar(world, connectionId);
      await register(world, w.id, { email: "hal@customer.example", firstName: "Hal" });
      const upsert = "/crm/objects/2026-09/contacts/batch/upsert";
      const before = world.hubspot.callsTo("POST", upsert).length;
      world.hubspot.inject({ method: "POST", path: upsert, status: 400, body: validationError("zoom_webinar_joinlink", "is not a valid URL"), times: 5 });

      await expect(sync(w.id)).resolves.toMatchObject({ status: "synced" });

      expect(world.hubspot.callsTo("POST", upsert).length - before).toBe(1);
      const error = (await auditOf(world, w.id)).find((e) => e.code === "SYNC_ERROR");
      expect(error).toMatchObject({
        level: "error",
        message: "HubSpot refused the value of zoom_webinar_joinlink: is not a valid URL",
        details: { reason: "property_update_failed", property: "zoom_webinar_joinlink", count: 1 },
      });
      expect(hubspotState(world).contact("hal@customer.example")).toBeUndefined();
      // Nothing of the refused person was written, and the webinar's sync is marked as having an error.
      expect(hubspotState(world).attendance(w.zoomWebinarId)).toEqual([]);
      expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } })).lastSyncStatus).toBe("error");
    });

    it("when HubSpot writes only part of a contact batch (207 with StandardErrors), then the refused people are reported and nothing more is written for them", async () => {
      const w = await buildWebinar(world, connectionId);
      await register(world, w.id, { email: "kept@customer.example", firstName: "Kept" });
      await register(world, w.id, { email: "lost@customer.example", firstName: "Lost" });
      const now = new Date().toISOString();
      world.hubspot.inject({
        method: "POST",
        path: "/crm/objects/2026-09/contacts/batch/upsert",
        status: 207,
        body: {
          status: "COMPLETE", startedAt: now, completedAt: now, numErrors: 1,
          results: [{ id: "990001", properties: { email: "kept@customer.example" }, createdAt: now, updatedAt: now, archived: false, new: true }],
          errors: [{
            status: "error", category: "VALIDATION_ERROR", message: "Property values were not valid", links: {},
            context: { propertyName: ["zoom_webinar_registration_count"] }, errors: [{ message: "must be a number", in: "zoom_webinar_registration_count" }],
          }],
        },
      });

      await expect(sync(w.id)).resolves.toMatchObject({ status: "synced" });

      expect((await auditOf(world, w.id)).find((e) => e.code === "SYNC_ERROR")).toMatchObject({
        message: "HubSpot refused the value of zoom_webinar_registration_count: must be a number",
        details: { reason: "property_update_failed", count: 1, property: "zoom_webinar_registration_count" },
      });
      const saved = await world.db.prisma.hubSpotContact.findMany({ where: { email: { in: ["kept@customer.example", "lost@customer.example"] } } });
      expect(saved.map((c) => [c.email, c.hubspotId])).toEqual([["kept@customer.example", "990001"]]);
      expect(hubspotState(world).attendance(w.zoomWebinarId)).toEqual(["register kept@customer.example"]);
    });

    it("when HubSpot refuses the marketing event, then it is reported, its attendance waits, and the sync is not retried", async () => {
      const w = await buildWebinar(world, connectionId);
      await register(world, w.id, { email: "ida@customer.example", firstName: "Ida" });
      const attendanceBefore = calls("/email-create").length;
      world.hubspot.inject({ path: "/marketing/marketing-events/2026-09/events/upsert", status: 400, body: validationError("eventUrl", "must be an absolute URL") });

      await expect(sync(w.id)).resolves.toMatchObject({ status: "synced" });

      expect(calls("/email-create").length).toBe(attendanceBefore);
      expect((await auditOf(world, w.id)).find((e) => e.code === "SYNC_ERROR")).toMatchObject({
        message: "HubSpot refused the value of eventUrl: must be an absolute URL",
        details: { reason: "marketing_event_failed" },
      });
      // The next sync writes what waited.
      await sync(w.id);
      expect(hubspotState(world).attendance(w.zoomWebinarId)).toEqual(["register ida@customer.example"]);
    });

    it("when a read the sync cannot go on without is refused, then the sync ends with a SYNC_ERROR instead of failing the job", async () => {
      const w = await buildWebinar(world, connectionId);
      await register(world, w.id, { email: "jo@customer.example" });
      const search = "/crm/objects/2026-09/contacts/search";
      const before = world.hubspot.callsTo("POST", search).length;
      world.hubspot.inject({ path: search, status: 400, body: { category: "VALIDATION_ERROR", correlationId: "c0ffee00-0000-4000-8000-000000000000", message: "filterGroups is invalid" }, times: 3 });

      await expect(sync(w.id)).resolves.toMatchObject({ status: "synced" });

      expect(world.hubspot.callsTo("POST", search).length - before).toBe(1);
      expect((await auditOf(world, w.id))[0]).toMatchObject({ code: "SYNC_ERROR", message: "HubSpot refused the request: filterGroups is invalid", details: { reason: "hubspot_refused" } });
    });
  });

  describe("the fake HubSpot", () => {
    const writer = () => world.app.services.hubspotApi(BigInt(PORTAL_ID), { attempts: 1 });
    const refusal = async (call: Promise<unknown>) => {
      const err = await call.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(HubSpotError);
      return err as HubSpotError;
    };
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it("answers 404 in HubSpot's shape to every legacy path", async () => {
      // Probes of the fake, not calls of the app: kept out of the suite-wide check.
      await withoutCallLog(async () => {
        for (const [method, path] of [
          ["POST", "/crm/v3/objects/contacts/batch/upsert"], ["GET", "/settings/v3/users"], ["POST", "/marketing/v3/marketing-events/events/upsert"],
          ["GET", "/crm/v3/properties/contacts"], ["POST", "/crm/v3/extensions/calling/transcripts"], ["GET", "/contacts/v1/lists/all/contacts/all"],
        ] as const) {
          const err = await refusal(writer().call(method, path));
          expect({ path, status: err.status, category: err.category }).toEqual({ path, status: 404, category: "OBJECT_NOT_FOUND" });
          expect(err.correlationId).toMatch(uuid);
        }
        const token = await fetch(`${world.hubspot.url}/oauth/v1/token`, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token" }) });
        expect(token.status).toBe(404);
      });
    });

    it("refuses what the 2026-09 request schemas refuse, with a VALIDATION_ERROR in the 2026-09 shape", async () => {
      const w = writer();
      const cases: [string, string, unknown][] = [
        ["transcript engagementId as a string", "/crm/extensions/calling/2026-09/transcripts", { engagementId: "700000", transcriptCreateUtterances: [] }],
        ["batch read without propertiesWithHistory", "/crm/objects/2026-09/contacts/batch/read", { inputs: [{ id: "1" }], properties: ["email"] }],
        ["more than 100 inputs", "/crm/objects/2026-09/contacts/batch/upsert", { inputs: Array.from({ length: 101 }, (_, i) => ({ id: `p${i}@x.example`, idProperty: "email", properties: {} })) }],
        ["search limit over 200", "/crm/objects/2026-09/contacts/search", { filterGroups: [], properties: [], sorts: [], limit: 201 }],
        ["search paging past 10,000", "/crm/objects/2026-09/contacts/search", { filterGroups: [], properties: [], sorts: [], limit: 200, after: "9900" }],
      ];
      for (const [what, path, body] of cases) {
        const err = await refusal(w.call("POST", path, { json: body }));
        expect({ what, status: err.status, category: err.category }).toEqual({ what, status: 400, category: "VALIDATION_ERROR" });
        expect(err.correlationId).toMatch(uuid);
        expect(err.details.length).toBeGreaterThan(0);
      }
      const search = await w.call<{ results: unknown[] }>("POST", "/crm/objects/2026-09/contacts/search", {
        json: { filterGroups: [], properties: ["email"], sorts: ["email"], limit: 200 },
      });
      expect(Array.isArray(search.results)).toBe(true);
    });

    it("refuses attendance without contactProperties and completion without its dates", async () => {
      const wk = await buildWebinar(world, connectionId);
      await sync(wk.id);
      const q = { externalAccountId: ZOOM_ACCOUNT };
      const attendance = `/marketing/marketing-events/2026-09/attendance/${wk.zoomWebinarId}/register/email-create`;
      const noContactProperties = await refusal(writer().call("POST", attendance, { query: q, json: { inputs: [{ email: "kim@x.example", interactionDateTime: 1, properties: {} }] } }));
      expect(noContactProperties).toMatchObject({ status: 400, category: "VALIDATION_ERROR" });
      expect(noContactProperties.details.map((d) => d.in)).toEqual(["contactProperties"]);
      const complete = `/marketing/marketing-events/2026-09/events/${wk.zoomWebinarId}/complete`;
      expect(await refusal(writer().call("POST", complete, { query: q, json: { startDateTime: T0.toISOString() } }))).toMatchObject({ status: 400, category: "VALIDATION_ERROR" });
      expect(await refusal(writer().call("POST", complete, { json: { startDateTime: T0.toISOString(), endDateTime: minutes(1).toISOString() } }))).toMatchObject({ status: 400 });
      expect(hubspotState(world).contact("kim@x.example")).toBeUndefined();
    });
  });
});
