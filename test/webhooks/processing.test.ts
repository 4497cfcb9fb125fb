import { pairSessions, mergeIntervals, totalMs } from "../../src/webinars/attendance";
import { zoomEvents } from "@hzw/fakes";
import { ZOOM_ACCOUNT } from "../helpers/world";
import { allEventsSettled, eventually, startWebhookWorld, type WebhookWorld } from "./harness";

/** Events through the real intake and the real workers, into webinar facts. */
describe("Zoom events become webinar facts", () => {
  let w: WebhookWorld;
  beforeAll(async () => (w = await startWebhookWorld({ workers: true })));
  afterAll(async () => w?.close());

  const webinarRow = (zoomWebinarId: string) =>
    w.db.prisma.webinar.findUnique({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId } } });

  it("when a webinar is created, then it is recorded with its host's email, and the account's users are read from Zoom", async () => {
    const webinar = w.webinar({ topic: "Launch day" });
    expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
    const row = await eventually(() => webinarRow(webinar.id), "the webinar row");
    expect(row).toMatchObject({ topic: "Launch day", hostId: "zu_admin", hostEmail: "host@zoomco.example", uuid: webinar.uuid, syncEnabled: true, deletedAt: null });
    expect(row.joinUrl).toBe(webinar.join_url);
    const users = await w.db.prisma.zoomUser.findMany({ where: { connectionId: w.connectionId }, orderBy: { zoomUserId: "asc" } });
    expect(users.map((u) => [u.zoomUserId, u.email])).toEqual([["zu_admin", "host@zoomco.example"], ["zu_other", "other-host@zoomco.example"]]);
    expect(w.zoom.callsTo("GET", "/v2/users").length).toBeGreaterThan(0);
  });

  it("when the host's new webinars are off by default, then a new webinar of theirs starts with sync off", async () => {
    await allEventsSettled(w);
    await w.db.prisma.zoomUser.update({
      where: { connectionId_zoomUserId: { connectionId: w.connectionId, zoomUserId: "zu_other" } },
      data: { syncNewWebinarsByDefault: false },
    });
    const webinar = w.webinar({}, "zu_other");
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    const row = await eventually(() => webinarRow(webinar.id), "the webinar row");
    expect(row).toMatchObject({ hostEmail: "other-host@zoomco.example", syncEnabled: false });
  });

  it("when the same registration is delivered three times, even re-sent with new times, then there is one registrant", async () => {
    const webinar = w.webinar();
    const registrant = { id: "r-ada", email: "Ada@Example.org", first_name: "Ada", last_name: "Lovelace", status: "approved" as const, join_url: `${webinar.join_url}?tk=ada`, create_time: "2026-11-27T09:00:00Z" };
    const event = zoomEvents.registrationCreated(webinar, registrant);
    await w.sender.send(event);
    await w.sender.send(event);
    await w.sender.send({ ...event, event_ts: event.event_ts + 5 });
    await allEventsSettled(w);
    const row = await webinarRow(webinar.id);
    const registrants = await w.db.prisma.registrant.findMany({ where: { webinarId: row!.id } });
    expect(registrants).toHaveLength(1);
    expect(registrants[0]).toMatchObject({ email: "ada@example.org", firstName: "Ada", lastName: "Lovelace", status: "approved", zoomRegistrantId: "r-ada", joinUrl: registrant.join_url });
    // A sync was asked for this webinar (src/sync works it).
    const jobs = await w.db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-webinar' AND data->>'webinarId' = $1", [row!.id]);
    expect(jobs[0]!.n).toBeGreaterThan(0);
  });

  it("when a cancellation arrives before the registration it cancels, then the person ends cancelled", async () => {
    const webinar = w.webinar();
    const registrant = { id: "r-bob", email: "bob@example.org", first_name: "Bob", last_name: "B", status: "approved" as const, join_url: "https://zoom.example/j/bob", create_time: "2026-11-27T09:00:00Z" };
    const created = zoomEvents.registrationCreated(webinar, registrant);
    const cancelled = zoomEvents.registrationCancelled(webinar, registrant, created.event_ts + 60_000);
    await w.sender.send(cancelled);
    await allEventsSettled(w);
    await w.sender.send(created);
    await allEventsSettled(w);
    const row = await webinarRow(webinar.id);
    const [person] = await w.db.prisma.registrant.findMany({ where: { webinarId: row!.id } });
    expect(person).toMatchObject({ email: "bob@example.org", status: "cancelled", joinUrl: "https://zoom.example/j/bob" });
    expect(person!.cancelledAt).toEqual(new Date(cancelled.event_ts));
  });

  it("when join and leave events arrive out of order, then sessions follow their own times", async () => {
    const webinar = w.webinar();
    const instance = w.activity.start(webinar, { start_time: "2026-11-27T10:00:00Z" });
    const ada = { user_id: "16778240", name: "Ada", user_email: "ada@example.org" };
    const send = (kind: "join" | "leave", at: string) =>
      w.sender.send(kind === "join"
        ? zoomEvents.participantJoined(webinar, instance, { ...ada, join_time: at })
        : zoomEvents.participantLeft(webinar, instance, { ...ada, join_time: "", leave_time: at }));
    // Arrival order: leave 10:30, join 10:40, join 10:00, leave 10:50, leave 10:30 again.
    await send("leave", "2026-11-27T10:30:00Z");
    await send("join", "2026-11-27T10:40:00Z");
    await send("join", "2026-11-27T10:00:00Z");
    await send("leave", "2026-11-27T10:50:00Z");
    await send("leave", "2026-11-27T10:30:00Z");
    await allEventsSettled(w);
    const row = await webinarRow(webinar.id);
    const events = await w.db.prisma.participantEvent.findMany({ where: { webinarId: row!.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => [e.kind, e.at.toISOString()])).toEqual([
      ["join", "2026-11-27T10:00:00.000Z"],
      ["leave", "2026-11-27T10:30:00.000Z"],
      ["join", "2026-11-27T10:40:00.000Z"],
      ["leave", "2026-11-27T10:50:00.000Z"],
    ]);
    const sessions = pairSessions(events, Date.parse("2026-11-27T11:00:00Z")).get(events[0]!.participantKey)!;
    expect(totalMs(mergeIntervals(sessions))).toBe(40 * 60_000);
    expect(events.every((e) => e.email === "ada@example.org" && e.instanceUuid === instance.uuid)).toBe(true);
  });

  it("when a webinar ends, then attendance is reconciled from Zoom's participant report, adding people whose webhooks were lost", async () => {
    const webinar = w.webinar();
    const instance = w.activity.start(webinar, { start_time: "2026-11-27T10:00:00Z" });
    const seen = w.activity.join(instance, { user_id: "100", name: "Seen", user_email: "seen@example.org", join_time: "2026-11-27T10:00:00Z" });
    const lost = w.activity.join(instance, { user_id: "200", name: "Lost", user_email: "lost@example.org", join_time: "2026-11-27T10:05:00Z" });
    lost.leave_time = "2026-11-27T10:35:00Z";
    await w.sender.send(zoomEvents.participantJoined(webinar, instance, seen));
    w.activity.end(instance, "2026-11-27T11:00:00Z");
    await w.sender.send(zoomEvents.participantLeft(webinar, instance, seen));
    await w.sender.send(zoomEvents.webinarEnded(webinar, instance));

    const row = (await eventually(async () => {
      const r = await webinarRow(webinar.id);
      return r && (await w.db.prisma.participantEvent.count({ where: { webinarId: r.id } })) === 4 ? r : undefined;
    }, "reconciled attendance"));
    expect(row.endedAt?.toISOString()).toBe("2026-11-27T11:00:00.000Z");
    const events = await w.db.prisma.participantEvent.findMany({ where: { webinarId: row.id }, orderBy: [{ email: "asc" }, { at: "asc" }] });
    expect(events.map((e) => [e.email, e.kind, e.at.toISOString(), e.source])).toEqual([
      ["lost@example.org", "join", "2026-11-27T10:05:00.000Z", "report"],
      ["lost@example.org", "leave", "2026-11-27T10:35:00.000Z", "report"],
      ["seen@example.org", "join", "2026-11-27T10:00:00.000Z", "webhook"],
      ["seen@example.org", "leave", "2026-11-27T11:00:00.000Z", "webhook"],
    ]);
    const reportCalls = w.zoom.callsTo("GET", /^\/v2\/report\/webinars\/.+\/participants$/);
    expect(reportCalls.length).toBeGreaterThan(0);
    expect(reportCalls[0]!.headers.authorization).toMatch(/^Bearer /);
  });

  it("when a recording and then its transcript complete, then one recording holds the files, share URL and transcript", async () => {
    const webinar = w.webinar();
    const instance = w.activity.start(webinar);
    w.activity.end(instance);
    const recording = w.activity.record(instance, { transcript: "WEBVTT\n\n00:00.000 --> 00:02.000\nHello" });
    await w.sender.send(zoomEvents.recordingCompleted(webinar, recording));
    await w.sender.send(zoomEvents.recordingCompleted(webinar, recording, "recording.transcript_completed"));
    await allEventsSettled(w);
    const row = await webinarRow(webinar.id);
    const recordings = await w.db.prisma.recording.findMany({ where: { webinarId: row!.id } });
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ instanceUuid: instance.uuid, shareUrl: recording.share_url, status: "completed", transcriptVtt: "WEBVTT\n\n00:00.000 --> 00:02.000\nHello" });
    expect((recordings[0]!.files as { file_type: string }[]).map((f) => f.file_type).sort()).toEqual(["MP4", "TRANSCRIPT"]);
    const download = w.zoom.callsTo("GET", /^\/rec\/download\//)[0];
    expect(download!.headers.authorization).toBe(`Bearer ${recording.download_token}`);
  });

  it("when an event cannot be processed, then it ends failed with an audit entry and the events after it still go through", async () => {
    const webinar = w.webinar();
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    const row = await eventually(() => webinarRow(webinar.id), "the webinar row");
    const instance = w.activity.start(webinar);
    const broken = zoomEvents.participantJoined(webinar, instance, { user_id: "300", name: "Broken", join_time: "yesterday at noon" });
    expect((await w.sender.send(broken)).status).toBe(204);
    const next = { id: "r-next", email: "next@example.org", first_name: "Nex", last_name: "T", status: "approved" as const, join_url: "https://zoom.example/j/n", create_time: "2026-11-27T09:00:00Z" };
    await w.sender.send(zoomEvents.registrationCreated(webinar, next));

    await eventually(() => w.db.prisma.registrant.findFirst({ where: { webinarId: row.id, email: "next@example.org" } }), "the next event's registrant");
    const failed = await eventually(() => w.db.prisma.webhookEvent.findFirst({ where: { status: "failed" } }), "the failed event");
    expect(failed.eventType).toBe("webinar.participant_joined");
    expect(failed.error).toMatch(/join_time/);
    const audit = await w.db.prisma.auditEntry.findMany({ where: { webinarId: row.id, code: "SYNC_ERROR" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ level: "error", portalId: BigInt(62515) });
    expect(audit[0]!.message).toContain("webinar.participant_joined");
    expect(w.app.logs.lines.some((l) => l.msg === "Zoom event failed for good" && l.eventId === failed.id)).toBe(true);
  });

  it("when the app is deauthorized in Zoom, then the connection loses its tokens and later events are acknowledged and ignored", async () => {
    await allEventsSettled(w);
    const res = await w.sender.send(zoomEvents.appDeauthorized(ZOOM_ACCOUNT, "zu_admin", w.zoom.clientId));
    expect(res.status).toBe(204);
    const connection = await eventually(async () => {
      const c = await w.db.prisma.zoomConnection.findUnique({ where: { id: w.connectionId } });
      return c?.status === "disconnected" ? c : undefined;
    }, "the disconnection");
    expect(connection).toMatchObject({ accessToken: null, refreshToken: null });

    const webinar = w.webinar();
    const late = zoomEvents.registrationCreated(webinar, { id: "r-late", email: "late@example.org", first_name: "L", last_name: "", status: "approved", join_url: "https://zoom.example/j/l", create_time: "2026-11-27T09:00:00Z" });
    expect((await w.sender.send(late)).status).toBe(204);
    await allEventsSettled(w);
    const event = await w.db.prisma.webhookEvent.findFirst({ where: { eventType: "webinar.registration_created", payload: { path: ["payload", "object", "id"], equals: webinar.id } } });
    expect(event?.status).toBe("ignored");
    expect(await webinarRow(webinar.id)).toBeNull();
    expect(await w.db.prisma.registrant.count({ where: { email: "late@example.org" } })).toBe(0);
  });
});
