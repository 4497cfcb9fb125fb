import { putTemplate } from "../../src/sandbox/fake-hubspot/actions";
import { syncWebinar } from "../../src/sync/sync-webinar";
import { TIMELINE_TEMPLATES } from "../../src/workflow-action/definition";
import { vttToUtterances } from "../../src/sync/transcript";
import { startWorld, type World } from "../helpers/world";
import { attend, auditOf, buildWebinar, HOST, hubspotState, installAndConnect, minutes, register, zoomUser } from "./factories";

const VTT = `WEBVTT

1
00:00:01.500 --> 00:00:04.000
Hana Host: Welcome everyone.

2
00:01:00.000 --> 00:01:03.250
Ann Archer: Thanks, glad to be here.
`;

describe("timeline events and recordings", () => {
  let world: World;
  let connectionId: string;
  const sync = (id: string, force = false) => syncWebinar(world.app.services, id, { force });

  beforeAll(async () => {
    world = await startWorld({
      env: { HUBSPOT_TIMELINE_TEMPLATE_REGISTRATION: "tpl-reg", HUBSPOT_TIMELINE_TEMPLATE_ATTENDANCE: "tpl-att", HUBSPOT_TIMELINE_TEMPLATE_RECORDING: "tpl-rec" },
    });
    // The templates `npm run hubspot:register --timeline-templates` creates: the fake refuses undeclared tokens.
    putTemplate(world.hubspot, "4242", "tpl-reg", TIMELINE_TEMPLATES.registration);
    putTemplate(world.hubspot, "4242", "tpl-att", TIMELINE_TEMPLATES.attendance);
    putTemplate(world.hubspot, "4242", "tpl-rec", TIMELINE_TEMPLATES.recording);
    ({ connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());

  const recording = (webinarId: string, overrides: Record<string, unknown> = {}) =>
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

  it("when templates are set, then registrations and attendances get one timeline event each, also after a forced re-sync", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "tia@customer.example" });
    await attend(world, w.id, { email: "tia@customer.example" }, [[0, 20]]);
    await sync(w.id);
    await sync(w.id, true);
    const events = [...hubspotState(world).crm.timeline.values()].filter((e) => e.email === "tia@customer.example");
    expect(events.map((e) => e.eventTemplateId).sort()).toEqual(["tpl-att", "tpl-reg"]);
    expect(events.find((e) => e.eventTemplateId === "tpl-reg")!.tokens).toMatchObject({ webinar_id: w.zoomWebinarId, webinar_topic: w.topic });
    expect(events.find((e) => e.eventTemplateId === "tpl-att")!.tokens).toMatchObject({ webinar_id: w.zoomWebinarId, attended_minutes: "20" });
  });

  it("when the webinar is still running, then attendance gets no timeline event yet (events are immutable); after it ends, one with the final minutes", async () => {
    const w = await buildWebinar(world, connectionId, { endedAt: null });
    await register(world, w.id, { email: "rui@customer.example" });
    await attend(world, w.id, { email: "rui@customer.example" }, [[0, 30]]);
    await sync(w.id);
    const forRui = () => [...hubspotState(world).crm.timeline.values()].filter((e) => e.email === "rui@customer.example");
    expect(forRui().map((e) => e.eventTemplateId)).toEqual(["tpl-reg"]);
    await world.db.prisma.webinar.update({ where: { id: w.id }, data: { endedAt: minutes(60) } });
    await sync(w.id);
    expect(forRui().find((e) => e.eventTemplateId === "tpl-att")!.tokens).toMatchObject({ attended_minutes: "30", attendance_percent: "50" });
  });

  it("when the host's recordings are off, then no call is created and the audit says why", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "rory@customer.example" });
    await attend(world, w.id, { email: "rory@customer.example" }, [[0, 60]]);
    const rec = await recording(w.id);
    const calls = hubspotState(world).crm.calls.size;
    await sync(w.id);
    expect(hubspotState(world).crm.calls.size).toBe(calls);
    expect((await auditOf(world, w.id)).find((e) => e.code === "RECORDING_NOT_SYNCED")).toMatchObject({
      level: "warning",
      details: { reason: "sync_off", recordingId: rec.id },
    });
  });

  it("when the host's recordings are on, then one call per recording is associated with the attendees, with the URL and the transcript", async () => {
    await zoomUser(world, connectionId, { ...HOST, syncRecordingsAndTranscripts: true });
    const w = await buildWebinar(world, connectionId);
    for (const email of ["ann@rec.example", "ben@rec.example", "reg-only@rec.example"]) await register(world, w.id, { email });
    await attend(world, w.id, { email: "ann@rec.example" }, [[0, 60]]);
    await attend(world, w.id, { email: "ben@rec.example" }, [[10, 20]]);
    await recording(w.id);
    const processing = await recording(w.id, { status: "processing" });
    const missing = await recording(w.id, { shareUrl: null, files: [] });
    const noTranscript = await recording(w.id, { transcriptVtt: null, shareUrl: "https://zoom.example/rec/share/two" });
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
    const recEvents = [...hs.crm.timeline.values()].filter((e) => e.eventTemplateId === "tpl-rec" && String(e.email).endsWith("@rec.example"));
    expect(recEvents).toHaveLength(4);

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
