import { APP_EVENT_TYPE_NAME, APP_EVENT_TYPES, type AppEventKind } from "../../src/hubspot/app-event-types";
import { type FakeAppEvent, addFakeWebinar, zoomEvents } from "@hzw/fakes";
import { syncWebinar } from "../../src/sync/sync-webinar";
import { vttToUtterances } from "../../src/sync/transcript";
import { eventually } from "../webhooks/harness";
import { startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";
import { attend, auditOf, buildWebinar, HOST, hubspotState, installAndConnect, minutes, register, T0, zoomUser } from "./factories";

const VTT = `WEBVTT

1
00:00:01.500 --> 00:00:04.000
Hana Host: Welcome everyone.

2
00:01:00.000 --> 00:01:03.250
Ann Archer: Thanks, glad to be here.
`;

const APP_ID = "4242";
const TIMELINE_CALLS = /^\/integrators\//;

const recording = (world: World, webinarId: string, overrides: Record<string, unknown> = {}) =>
  world.db.prisma.recording.create({
    data: {
      webinarId,
      instanceUuid: `inst-${Math.random()}`,
      shareUrl: "https://zoom.example/rec/share/abc",
      startTime: minutes(0),
      durationMinutes: 60,
      status: "completed",
      files: [{ file_type: "MP4", play_url: "https://zoom.example/rec/play/1" }, { file_type: "TRANSCRIPT", recording_type: "audio_transcript" }],
      transcriptVtt: VTT,
      ...overrides,
    },
  });

describe("timeline events through HubSpot app events (HUBSPOT_APP_EVENTS=true)", () => {
  let world: World;
  let connectionId: string;
  const sync = (id: string, force = false) => syncWebinar(world.app.services, id, { force });
  const typeName = (kind: AppEventKind) => APP_EVENT_TYPE_NAME(APP_ID, kind);
  /** The occurrences the fake portal holds for this email, by kind. */
  const occurrences = (email: string, kind?: AppEventKind): FakeAppEvent[] =>
    [...hubspotState(world).crm.appEvents.values()].filter((o) => o.email === email && (!kind || o.eventTypeName === typeName(kind)));
  const timelineCalls = () => world.hubspot.callsTo("POST", TIMELINE_CALLS).length;

  beforeAll(async () => {
    world = await startWorld({ workers: true, env: { HUBSPOT_APP_EVENTS: "true" } });
    // What HubSpot knows once the project with its app events is deployed.
    world.hubspot.defineAppEventTypes(APP_ID, Object.values(APP_EVENT_TYPES));
    ({ connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());
  afterEach(() => world.hubspot.clearFaults());

  it("when a registrant attended, then one registration and one attendance occurrence arrive with the declared properties, and re-syncs, forced or not, send nothing", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "tia@customer.example" });
    await attend(world, w.id, { email: "tia@customer.example" }, [[0, 20]]);
    await sync(w.id);

    const contactId = hubspotState(world).contact("tia@customer.example")!.id;
    const webinar = { webinar_id: w.zoomWebinarId, webinar_topic: w.topic, webinar_start: String(T0.getTime()) };
    expect(occurrences("tia@customer.example", "registration")).toEqual([
      expect.objectContaining({
        objectId: contactId,
        timestamp: minutes(-60 * 24).toISOString(),
        properties: { ...webinar, join_url: "https://zoom.example/j/tia%40customer.example" },
      }),
    ]);
    expect(occurrences("tia@customer.example", "attendance")).toEqual([
      expect.objectContaining({ objectId: contactId, timestamp: T0.toISOString(), properties: { ...webinar, attended_minutes: "20", attendance_percent: "33" } }),
    ]);
    expect(world.hubspot.callsTo("POST", "/integrators/timeline/2026-03/events/batch")).not.toHaveLength(0);

    const before = timelineCalls();
    await sync(w.id);
    await sync(w.id, true);
    expect(timelineCalls()).toBe(before);
    expect(occurrences("tia@customer.example")).toHaveLength(2);
  });

  it("when the webinar is still running, then attendance gets no occurrence yet (occurrences are immutable); after it ends, one with the final minutes", async () => {
    const w = await buildWebinar(world, connectionId, { endedAt: null });
    await register(world, w.id, { email: "rui@customer.example" });
    await attend(world, w.id, { email: "rui@customer.example" }, [[0, 30]]);
    await sync(w.id);
    expect(occurrences("rui@customer.example").map((o) => o.eventTypeName)).toEqual([typeName("registration")]);
    await world.db.prisma.webinar.update({ where: { id: w.id }, data: { endedAt: minutes(60) } });
    await sync(w.id);
    expect(occurrences("rui@customer.example", "attendance").map((o) => o.properties)).toEqual([
      expect.objectContaining({ attended_minutes: "30", attendance_percent: "50" }),
    ]);
  });

  it("when HubSpot's answer to a batch is lost after it stored the occurrences, then the resend is answered 409 and each occurrence exists once", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "lou@customer.example" });
    await attend(world, w.id, { email: "lou@customer.example" }, [[0, 60]]);
    world.hubspot.inject({ method: "POST", path: "/integrators/timeline/2026-03/events/batch", dropAnswer: true });
    const batches = world.hubspot.callsTo("POST", "/integrators/timeline/2026-03/events/batch").length;
    const singles = world.hubspot.callsTo("POST", "/integrators/timeline/2026-03/events").length;

    await sync(w.id);

    expect(occurrences("lou@customer.example", "registration")).toHaveLength(1);
    expect(occurrences("lou@customer.example", "attendance")).toHaveLength(1);
    // The lost batch, its resend refused with 409, then one by one: both answered 409.
    expect(world.hubspot.callsTo("POST", "/integrators/timeline/2026-03/events/batch").length - batches).toBe(2);
    expect(world.hubspot.callsTo("POST", "/integrators/timeline/2026-03/events").length - singles).toBe(2);
    expect((await auditOf(world, w.id)).find((e) => e.code === "SYNC_ERROR")).toBeUndefined();
    // Marked as written: the next sync sends nothing.
    const before = timelineCalls();
    await sync(w.id);
    expect(timelineCalls()).toBe(before);
  });

  it("when the marks were lost after HubSpot stored the occurrences and a new person registered, then the new one lands and none is duplicated", async () => {
    const w = await buildWebinar(world, connectionId);
    for (const email of ["kim@customer.example", "lee@customer.example"]) await register(world, w.id, { email });
    await sync(w.id);
    expect(occurrences("kim@customer.example")).toHaveLength(1);
    // A crash between HubSpot's answer and our note of it.
    const { count } = await world.db.prisma.syncMark.deleteMany({ where: { webinarId: w.id, kind: "timeline" } });
    expect(count).toBe(2);
    await register(world, w.id, { email: "max@customer.example" });
    const singles = world.hubspot.callsTo("POST", "/integrators/timeline/2026-03/events");

    await sync(w.id);

    for (const email of ["kim@customer.example", "lee@customer.example", "max@customer.example"]) {
      expect(occurrences(email, "registration")).toHaveLength(1);
    }
    const answered = world.hubspot.callsTo("POST", "/integrators/timeline/2026-03/events").slice(singles.length);
    expect(answered.map((c) => (c.body as { email: string }).email).sort()).toEqual(["kim@customer.example", "lee@customer.example", "max@customer.example"]);
    expect(await world.db.prisma.syncMark.count({ where: { webinarId: w.id, kind: "timeline" } })).toBe(3);
  });

  it("when Zoom redelivers a registration webhook, then the sync it causes sends no second occurrence", async () => {
    const host = world.zoom.account(ZOOM_ACCOUNT).users.find((u) => u.id === HOST.zoomUserId)!;
    const webinar = addFakeWebinar(world.zoom, ZOOM_ACCOUNT, host, { id: "87000000001", topic: "Redelivery" });
    const registrant = { id: "r-ria", email: "ria@customer.example", first_name: "Ria", last_name: "R", status: "approved" as const, join_url: "https://zoom.example/j/ria", create_time: "2026-11-27T09:00:00Z" };
    const event = zoomEvents.registrationCreated(webinar, registrant);
    const sender = world.zoom.webhookSender(`${world.app.url}/webhooks/zoom`);
    expect((await sender.send(event)).status).toBe(204);
    await eventually(async () => occurrences("ria@customer.example").length === 1, "the registration occurrence");
    const row = await world.db.prisma.webinar.findFirstOrThrow({ where: { zoomWebinarId: webinar.id } });
    const syncedAt = await eventually(async () => (await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: row.id } })).lastSyncAt, "the sync");
    const before = timelineCalls();

    // Zoom resends it later (a new event time): processed again, and synced again.
    expect((await sender.send({ ...event, event_ts: event.event_ts + 5 })).status).toBe(204);
    await eventually(
      async () => ((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: row.id } })).lastSyncAt?.getTime() ?? 0) > syncedAt.getTime(),
      "the sync after the redelivery",
    );
    expect(timelineCalls()).toBe(before);
    expect(occurrences("ria@customer.example")).toHaveLength(1);
  });

  it("when the host's recordings are off, then no call is created and the audit says why", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "rory@customer.example" });
    await attend(world, w.id, { email: "rory@customer.example" }, [[0, 60]]);
    const rec = await recording(world, w.id);
    const calls = hubspotState(world).crm.calls.size;
    await sync(w.id);
    expect(hubspotState(world).crm.calls.size).toBe(calls);
    expect(occurrences("rory@customer.example", "recording")).toHaveLength(0);
    expect((await auditOf(world, w.id)).find((e) => e.code === "RECORDING_NOT_SYNCED")).toMatchObject({
      level: "warning",
      details: { reason: "sync_off", recordingId: rec.id },
    });
  });

  it("when the host's recordings are on, then one call per recording is associated with the attendees, with the URL and the transcript, and each attendee gets one recording occurrence per recording", async () => {
    await zoomUser(world, connectionId, { ...HOST, syncRecordingsAndTranscripts: true });
    const w = await buildWebinar(world, connectionId);
    for (const email of ["ann@rec.example", "ben@rec.example", "reg-only@rec.example"]) await register(world, w.id, { email });
    await attend(world, w.id, { email: "ann@rec.example" }, [[0, 60]]);
    await attend(world, w.id, { email: "ben@rec.example" }, [[10, 20]]);
    await recording(world, w.id);
    const processing = await recording(world, w.id, { status: "processing" });
    const missing = await recording(world, w.id, { shareUrl: null, files: [] });
    const noTranscript = await recording(world, w.id, { transcriptVtt: null, shareUrl: "https://zoom.example/rec/share/two" });
    const hs = hubspotState(world);
    const before = new Set(hs.crm.calls.keys());

    await sync(w.id);
    await sync(w.id, true);

    const created = [...hs.crm.calls.values()].filter((c) => !before.has(c.id));
    expect(created).toHaveLength(2);
    const attendees = ["ann@rec.example", "ben@rec.example"].map((e) => hs.contact(e)!.id).sort();
    for (const call of created) expect([...call.contactIds].sort()).toEqual(attendees);
    const withTranscript = created.find((c) => c.properties.hs_call_recording_url === "https://zoom.example/rec/share/abc")!;
    expect(withTranscript.properties).toMatchObject({ hs_call_status: "COMPLETED", hs_timestamp: minutes(0).toISOString() });
    expect(hs.crm.transcripts.get(withTranscript.id)).toEqual(vttToUtterances(VTT));
    expect(vttToUtterances(VTT)[1]).toEqual({ speaker: { id: "ann-archer", name: "Ann Archer" }, text: "Thanks, glad to be here.", startTimeMillis: 60_000, endTimeMillis: 63_250 });
    for (const email of ["ann@rec.example", "ben@rec.example"]) {
      expect(occurrences(email, "recording").map((o) => o.properties.recording_url).sort()).toEqual([
        "https://zoom.example/rec/share/abc",
        "https://zoom.example/rec/share/two",
      ]);
    }
    expect(occurrences("ann@rec.example", "recording")[0]!.properties).toEqual(
      expect.objectContaining({ webinar_id: w.zoomWebinarId, webinar_topic: w.topic, webinar_start: String(T0.getTime()) }),
    );
    expect(occurrences("reg-only@rec.example", "recording")).toHaveLength(0);

    const audit = await auditOf(world, w.id);
    const reasons = audit.filter((e) => e.code === "RECORDING_NOT_SYNCED").map((e) => e.details as { reason: string; recordingId: string });
    expect(reasons).toEqual(expect.arrayContaining([
      { reason: "still_processing", recordingId: processing.id },
      { reason: "recording_not_found", recordingId: missing.id },
    ]));
    expect(reasons).toHaveLength(2);
    expect(audit.find((e) => e.code === "SYNC_ERROR")).toMatchObject({ details: { reason: "transcript_not_found" } });
    const plain = created.find((c) => c.properties.hs_call_recording_url === noTranscript.shareUrl)!;
    expect(hs.crm.transcripts.has(plain.id)).toBe(false);
  });
});

describe("timeline events without app events (HUBSPOT_APP_EVENTS unset)", () => {
  let world: World;
  afterAll(async () => world?.close());

  it("when registrants attend and a recording is synced, then HubSpot receives no timeline call at all", async () => {
    world = await startWorld();
    world.hubspot.defineAppEventTypes(APP_ID, Object.values(APP_EVENT_TYPES));
    const { connection } = await installAndConnect(world);
    await zoomUser(world, connection.id, { ...HOST, syncRecordingsAndTranscripts: true });
    const w = await buildWebinar(world, connection.id);
    await register(world, w.id, { email: "ola@customer.example" });
    await attend(world, w.id, { email: "ola@customer.example" }, [[0, 45]]);
    await recording(world, w.id);

    await syncWebinar(world.app.services, w.id);

    expect(hubspotState(world).attendance(w.zoomWebinarId)).toEqual(["attend ola@customer.example", "register ola@customer.example"]);
    expect(hubspotState(world).crm.calls.size).toBe(1);
    expect(world.hubspot.callsTo("POST", TIMELINE_CALLS)).toHaveLength(0);
    expect(hubspotState(world).crm.appEvents.size).toBe(0);
  });
});
