import { syncWebinar } from "../../src/sync/sync-webinar";
import { eventKey } from "@hzw/fakes";
import { startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";
import { attend, auditOf, buildWebinar, HOST, hubspotState, installAndConnect, minutes, register, zoomUser } from "./factories";

/**
 * Issue #12 point 4: a write HubSpot carried out whose answer was lost, or a crash
 * between HubSpot's answer and our note of it, never creates a second call record,
 * transcript or attendance entry. Answers are dropped in the fake (the route runs, then
 * the socket closes); a crash is simulated by putting the database back to what it held
 * before our note (the intent without HubSpot's id, or no mark at all).
 */
const VTT = `WEBVTT

1
00:00:01.000 --> 00:00:03.000
Hana Host: Welcome.
`;

const CALLS = "/crm/objects/2026-09/calls/batch/create";
const CALL_SEARCH = "/crm/objects/2026-09/calls/search";
const TRANSCRIPTS = "/crm/extensions/calling/2026-09/transcripts";
const ATTENDANCE = /^\/marketing\/marketing-events\/2026-09\/attendance\//;
const BREAKDOWN = /^\/marketing\/marketing-events\/2026-09\/participations\/.*\/breakdown$/;

describe("exactly-once effects on HubSpot", () => {
  let world: World;
  let connectionId: string;
  const sync = (id: string, force = false) => syncWebinar(world.app.services, id, { force });

  beforeAll(async () => {
    world = await startWorld();
    ({ connection: { id: connectionId } } = await installAndConnect(world));
    await zoomUser(world, connectionId, { ...HOST, syncRecordingsAndTranscripts: true });
  });
  afterAll(async () => world?.close());
  afterEach(() => world.hubspot.clearFaults());

  /** A webinar with one attendee and one recording (with a transcript) at this URL. */
  async function recordedWebinar(url: string, email: string) {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email });
    await attend(world, w.id, { email }, [[0, 30]]);
    const rec = await world.db.prisma.recording.create({
      data: { webinarId: w.id, instanceUuid: `inst-${url}`, shareUrl: url, startTime: minutes(0), durationMinutes: 60, status: "completed", files: [], transcriptVtt: VTT },
    });
    return { w, rec };
  }
  const callsFor = (url: string) => [...hubspotState(world).crm.calls.values()].filter((c) => c.properties.hs_call_recording_url === url);
  const transcriptsOf = (callId: string) => hubspotState(world).crm.transcriptRecords.filter((t) => t.engagementId === callId);
  const mark = (webinarId: string, kind: string, key: string) =>
    world.db.prisma.syncMark.findUnique({ where: { webinarId_kind_key: { webinarId, kind, key } } });

  it("when the answer to the call create is lost, then the next sync finds the call by search and records it: one call, one transcript", async () => {
    const url = "https://zoom.example/rec/share/lost-call";
    const { w, rec } = await recordedWebinar(url, "lia@once.example");
    world.hubspot.inject({ method: "POST", path: CALLS, dropAnswer: true });

    await expect(sync(w.id)).rejects.toThrow();
    expect(callsFor(url)).toHaveLength(1);
    expect(await mark(w.id, "call", rec.id)).toMatchObject({ fingerprint: "intent", hubspotId: null });
    const searches = world.hubspot.callsTo("POST", CALL_SEARCH).length;

    await sync(w.id);
    await sync(w.id, true);

    const [call] = callsFor(url);
    expect(callsFor(url)).toHaveLength(1);
    expect(world.hubspot.callsTo("POST", CALL_SEARCH).length - searches).toBe(1);
    expect(await mark(w.id, "call", rec.id)).toMatchObject({ fingerprint: "1", hubspotId: call!.id });
    expect(transcriptsOf(call!.id)).toHaveLength(1);
  });

  it("when the process died between HubSpot's answer and our note of the call, then the call is adopted, not created again", async () => {
    const url = "https://zoom.example/rec/share/killed";
    const { w, rec } = await recordedWebinar(url, "kai@once.example");
    await sync(w.id);
    const [call] = callsFor(url);
    // Back to what the database held between the create and our note: the intent only, no transcript sent yet.
    await world.db.prisma.syncMark.update({ where: { webinarId_kind_key: { webinarId: w.id, kind: "call", key: rec.id } }, data: { fingerprint: "intent", hubspotId: null } });
    await world.db.prisma.syncMark.delete({ where: { webinarId_kind_key: { webinarId: w.id, kind: "transcript", key: rec.id } } });
    hubspotState(world).crm.transcriptRecords.splice(0, Infinity, ...hubspotState(world).crm.transcriptRecords.filter((t) => t.engagementId !== call!.id));
    const creates = world.hubspot.callsTo("POST", CALLS).length;

    await sync(w.id);

    expect(callsFor(url)).toHaveLength(1);
    expect(world.hubspot.callsTo("POST", CALLS).length).toBe(creates);
    expect(transcriptsOf(call!.id)).toHaveLength(1);
  });

  it("when a call intent has no call in HubSpot, then the sync waits for the search to settle, and afterwards creates exactly one", async () => {
    const url = "https://zoom.example/rec/share/never-sent";
    const { w, rec } = await recordedWebinar(url, "noa@once.example");
    await world.db.prisma.syncMark.create({ data: { webinarId: w.id, kind: "call", key: rec.id, fingerprint: "intent" } });

    await expect(sync(w.id)).rejects.toThrow(/looked up again/);
    expect(callsFor(url)).toHaveLength(0);

    await world.db.prisma.syncMark.update({
      where: { webinarId_kind_key: { webinarId: w.id, kind: "call", key: rec.id } },
      data: { updatedAt: new Date(Date.now() - 5 * 60_000) },
    });
    await sync(w.id);
    await sync(w.id);
    expect(callsFor(url)).toHaveLength(1);
    expect(transcriptsOf(callsFor(url)[0]!.id)).toHaveLength(1);
  });

  it("when the answer to a transcript is lost, then it is not sent again (no second transcript) and the audit log says it may be missing", async () => {
    const url = "https://zoom.example/rec/share/lost-transcript";
    const { w } = await recordedWebinar(url, "tom@once.example");
    world.hubspot.inject({ method: "POST", path: TRANSCRIPTS, dropAnswer: true });

    await expect(sync(w.id)).rejects.toThrow();
    await sync(w.id);
    await sync(w.id, true);

    const [call] = callsFor(url);
    expect(callsFor(url)).toHaveLength(1);
    expect(transcriptsOf(call!.id)).toHaveLength(1);
    expect((await auditOf(world, w.id)).some((e) => e.code === "SYNC_ERROR" && /answer was lost/.test(e.message + JSON.stringify(e.details)))).toBe(true);
  });

  it("when a transcript send never reached HubSpot (it answered 503), then it is sent again at the next sync", async () => {
    const url = "https://zoom.example/rec/share/transcript-503";
    const { w } = await recordedWebinar(url, "una@once.example");
    world.hubspot.inject({ method: "POST", path: TRANSCRIPTS, status: 503, times: 10 });
    await expect(syncWebinar(world.app.services, w.id, { writer: { baseDelayMs: 1 } })).rejects.toThrow();
    world.hubspot.clearFaults();
    await sync(w.id);
    expect(transcriptsOf(callsFor(url)[0]!.id)).toHaveLength(1);
  });

  /** Participation entries of the event, per "state email". */
  const entries = (zoomWebinarId: string) => {
    const all = hubspotState(world).crm.participations.get(eventKey(ZOOM_ACCOUNT, zoomWebinarId)) ?? [];
    const counts = new Map<string, number>();
    for (const p of all) counts.set(`${p.state} ${p.email}`, (counts.get(`${p.state} ${p.email}`) ?? 0) + 1);
    return counts;
  };

  async function attendanceWebinar(domain: string, people: number) {
    const w = await buildWebinar(world, connectionId);
    for (let i = 0; i < people; i++) {
      await register(world, w.id, { email: `p${i}@${domain}` });
      if (i % 2 === 0) await attend(world, w.id, { email: `p${i}@${domain}` }, [[0, 20]]);
    }
    return w;
  }
  const expectOnceEach = (zoomWebinarId: string, domain: string, people: number) => {
    const counts = entries(zoomWebinarId);
    for (let i = 0; i < people; i++) {
      expect([i, counts.get(`register p${i}@${domain}`)]).toEqual([i, 1]);
      expect([i, counts.get(`attend p${i}@${domain}`)]).toEqual([i, i % 2 === 0 ? 1 : undefined]);
    }
  };

  it("when the answer to an attendance batch is lost, then the rerun reads HubSpot's participations back and sends nobody twice", async () => {
    const w = await attendanceWebinar("lost-att.example", 6);
    world.hubspot.inject({ method: "POST", path: /\/attendance\/[^/]+\/register\/email-create$/, dropAnswer: true });

    await expect(sync(w.id)).rejects.toThrow();
    const reads = world.hubspot.callsTo("GET", BREAKDOWN).length;
    await sync(w.id);

    expect(world.hubspot.callsTo("GET", BREAKDOWN).length).toBeGreaterThan(reads);
    expectOnceEach(w.zoomWebinarId, "lost-att.example", 6);
    // Marked as written now: the next sync sends no attendance at all.
    const sent = world.hubspot.callsTo("POST", ATTENDANCE).length;
    await sync(w.id);
    expect(world.hubspot.callsTo("POST", ATTENDANCE).length).toBe(sent);
  });

  it("when the process died between HubSpot's answer and our marks, then neither the rerun nor Sync now adds a second entry", async () => {
    const w = await attendanceWebinar("killed-att.example", 5);
    await sync(w.id);
    expectOnceEach(w.zoomWebinarId, "killed-att.example", 5);
    // The answers arrived, our marks did not.
    await world.db.prisma.syncMark.deleteMany({ where: { webinarId: w.id, kind: { in: ["register", "attend"] } } });

    await sync(w.id);
    await sync(w.id, true);

    expectOnceEach(w.zoomWebinarId, "killed-att.example", 5);
    expect(await world.db.prisma.syncMark.count({ where: { webinarId: w.id, kind: "register" } })).toBe(5);
  });

  it("when an attendance batch never reached HubSpot, then the rerun sends it without reading participations back", async () => {
    const w = await attendanceWebinar("refused-conn.example", 3);
    world.hubspot.inject({ method: "POST", path: ATTENDANCE, status: 503, times: 20 });
    await expect(syncWebinar(world.app.services, w.id, { writer: { baseDelayMs: 1 } })).rejects.toThrow();
    world.hubspot.clearFaults();
    const reads = world.hubspot.callsTo("GET", BREAKDOWN).length;
    await sync(w.id);
    expect(world.hubspot.callsTo("GET", BREAKDOWN).length).toBe(reads);
    expectOnceEach(w.zoomWebinarId, "refused-conn.example", 3);
  });
});
