import { Browser } from "../helpers/browser";
import { webinarCharts } from "../../src/insights/charts";
import { connectZoom, freshPortal, install, PORTAL_ID, startWorld, type World } from "../helpers/world";

/**
 * GET /api/webinars/:webinarId/charts and GET /api/insights, the chart pages and the
 * chart library's file, through the real app, from recorded registrants and join/leave
 * events written as fixtures.
 */
describe("charts: registrations over time, minutes attended, attendance rate", () => {
  let world: World;
  let browser: Browser;
  let connectionId: string;
  const START = Date.parse("2026-11-10T15:00:00Z");
  const min = (n: number) => new Date(START + n * 60_000);

  /** A webinar of the portal, ended 60 minutes after its start. */
  async function webinar(zoomWebinarId: string, topic: string, startOffsetDays: number, ended = true) {
    const start = new Date(START + startOffsetDays * 86_400_000);
    return world.db.prisma.webinar.create({
      data: {
        connectionId,
        zoomWebinarId,
        topic,
        startTime: start,
        actualStartTime: ended ? start : null,
        durationMinutes: 60,
        endedAt: ended ? new Date(start.getTime() + 60 * 60_000) : null,
      },
    });
  }

  const registrant = (webinarId: string, email: string, registeredAt: string, extra: { status?: string; zoomRegistrantId?: string } = {}) => ({
    webinarId,
    email,
    registeredAt: new Date(registeredAt),
    source: "webhook",
    ...extra,
  });
  const event = (webinarId: string, participantKey: string, email: string | null, kind: "join" | "leave", at: Date, registrantId?: string) => ({
    webinarId,
    participantKey,
    email,
    kind,
    at,
    source: "webhook",
    registrantId,
  });

  let mainId: string;

  beforeAll(async () => {
    world = await startWorld();
    ({ browser } = await install(world));
    connectionId = (await connectZoom(world, browser)).id;

    // The webinar the charts are drawn for: 60 minutes, ended.
    const w = await webinar("85000000001", "Charts webinar", 0);
    mainId = w.id;
    await world.db.prisma.registrant.createMany({
      data: [
        registrant(w.id, "ann@example.com", "2026-11-01T09:00:00Z"),
        registrant(w.id, "bob@example.com", "2026-11-01T23:59:00Z"),
        // 2026-11-02 has none: the day is listed with 0.
        registrant(w.id, "cat@example.com", "2026-11-03T00:00:00Z", { zoomRegistrantId: "reg_cat" }),
        registrant(w.id, "dan@example.com", "2026-11-03T12:00:00Z"),
        registrant(w.id, "eve@example.com", "2026-11-03T13:00:00Z", { status: "cancelled" }),
      ],
    });
    await world.db.prisma.participantEvent.createMany({
      data: [
        // Ann joined twice: 0–10 and 20–45, 35 minutes, one attendee.
        event(w.id, "p_ann", "ann@example.com", "join", min(0)),
        event(w.id, "p_ann", "ann@example.com", "leave", min(10)),
        event(w.id, "p_ann", "ann@example.com", "join", min(20)),
        event(w.id, "p_ann", "ann@example.com", "leave", min(45)),
        // Bob on two devices at once, 5–30 and 10–20: 25 minutes, counted once.
        event(w.id, "p_bob_phone", "bob@example.com", "join", min(5)),
        event(w.id, "p_bob_phone", "bob@example.com", "leave", min(30)),
        event(w.id, "p_bob_laptop", "bob@example.com", "join", min(10)),
        event(w.id, "p_bob_laptop", "bob@example.com", "leave", min(20)),
        // Cat's events carry no email, only her registrant id; she never left: closed at the end, 58 minutes.
        event(w.id, "p_cat", null, "join", min(2), "reg_cat"),
        // A guest who did not register: 3 minutes.
        event(w.id, "p_guest", "guest@example.com", "join", min(50)),
        event(w.id, "p_guest", "guest@example.com", "leave", min(53)),
      ],
    });
  });
  afterAll(async () => world?.close());

  const getJson = async (b: Browser, path: string) => {
    const res = await b.fetch(`${world.app.url}${path}`);
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, unknown> };
  };

  it("when the charts of a webinar are asked for, then the daily counts and the minutes buckets are those recorded, each person once", async () => {
    const { status, body } = await getJson(browser, "/api/webinars/85000000001/charts");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      webinarId: "85000000001",
      topic: "Charts webinar",
      startTime: "2026-11-10T15:00:00.000Z",
      durationMinutes: 60,
      registrants: 4,
      attendees: 4,
      registeredAttendees: 3,
      attendanceRatePercent: 75,
      averageMinutesAttended: 30, // (35 + 25 + 58 + 3) / 4 = 30.25
      registrations: [
        { date: "2026-11-01", count: 2, cumulative: 2 },
        { date: "2026-11-02", count: 0, cumulative: 2 },
        { date: "2026-11-03", count: 2, cumulative: 4 },
      ],
    });
    const minutes = body.minutesAttended as { bucketMinutes: number; buckets: { from: number; to: number; attendees: number }[] };
    expect(minutes.bucketMinutes).toBe(5);
    expect(minutes.buckets).toHaveLength(12);
    expect(minutes.buckets.map((b) => b.from)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    const nonEmpty = minutes.buckets.filter((b) => b.attendees > 0).map((b) => [b.from, b.to, b.attendees]);
    expect(nonEmpty).toEqual([
      [0, 5, 1], // the guest, 3
      [25, 30, 1], // Bob, 25
      [35, 40, 1], // Ann, 35
      [55, 60, 1], // Cat, 58
    ]);
  });

  it("when the webinar is named by our row id, then the same webinar answers", async () => {
    const { status, body } = await getJson(browser, `/api/webinars/${mainId}/charts`);
    expect(status).toBe(200);
    expect(body.webinarId).toBe("85000000001");
  });

  it("when a webinar has no registrant and no participant, then the lists are empty and the buckets cover its length with zeros", async () => {
    await webinar("85000000002", "Nobody came", 1);
    const { status, body } = await getJson(browser, "/api/webinars/85000000002/charts");
    expect(status).toBe(200);
    expect(body).toMatchObject({ registrants: 0, attendees: 0, attendanceRatePercent: null, averageMinutesAttended: null, registrations: [] });
    const minutes = body.minutesAttended as { buckets: { attendees: number }[] };
    expect(minutes.buckets.every((b) => b.attendees === 0)).toBe(true);
  });

  it("when a webinar has more people than one batch read, then every one is counted once in the buckets", async () => {
    const big = await webinar("85000000005", "Many people", -3);
    const start = big.startTime?.getTime() ?? 0;
    const people = Array.from({ length: 1234 }, (_, i) => `p${String(i).padStart(4, "0")}@example.com`);
    await world.db.prisma.registrant.createMany({ data: people.map((email) => registrant(big.id, email, "2026-11-06T10:00:00Z")) });
    // Person i stays 1 to 59 minutes, in two sessions when i is even (no session of zero minutes:
    // a leave at the instant of its join sorts first, src/webinars/attendance.ts).
    const stay = (i: number) => 1 + (i % 59);
    await world.db.prisma.participantEvent.createMany({
      data: people.flatMap((email, i) => {
        const at = (m: number) => new Date(start + m * 60_000);
        if (i % 2 === 1 || stay(i) < 2) return [event(big.id, `k${String(i)}`, email, "join", at(0)), event(big.id, `k${String(i)}`, email, "leave", at(stay(i)))];
        const half = Math.floor(stay(i) / 2);
        return [
          event(big.id, `k${String(i)}`, email, "join", at(0)),
          event(big.id, `k${String(i)}`, email, "leave", at(half)),
          event(big.id, `k${String(i)}b`, email, "join", at(30)),
          event(big.id, `k${String(i)}b`, email, "leave", at(30 + stay(i) - half)),
        ];
      }),
    });
    const { body } = await getJson(browser, "/api/webinars/85000000005/charts");
    expect(body).toMatchObject({ registrants: 1234, attendees: 1234, registeredAttendees: 1234, registrations: [{ date: "2026-11-06", count: 1234, cumulative: 1234 }] });
    const expected = Array.from({ length: 12 }, (_, b) => people.filter((_, i) => Math.floor(stay(i) / 5) === b).length);
    const buckets = (body.minutesAttended as { buckets: { attendees: number }[] }).buckets;
    expect(buckets.map((b) => b.attendees)).toEqual(expected);
    // Read 500 people at a time (the app reads 20,000), the answer is the same.
    expect(JSON.parse(JSON.stringify(await webinarCharts(world.db, BigInt(PORTAL_ID), "85000000005", 500)))).toEqual(body);
  });

  it("when insights are asked for, then the ended webinars come newest first with their rates; one not ended is left out", async () => {
    const second = await webinar("85000000003", "Second webinar", 2);
    await world.db.prisma.registrant.createMany({
      data: [registrant(second.id, "ann@example.com", "2026-11-05T09:00:00Z"), registrant(second.id, "zed@example.com", "2026-11-05T09:00:00Z")],
    });
    await world.db.prisma.participantEvent.createMany({
      data: [event(second.id, "s_ann", "ann@example.com", "join", min(2 * 1440 + 1)), event(second.id, "s_ann", "ann@example.com", "join", min(2 * 1440 + 30))],
    });
    const future = new Date(Date.now() + 7 * 86_400_000);
    await world.db.prisma.webinar.create({ data: { connectionId, zoomWebinarId: "85000000004", topic: "Not yet", startTime: future, durationMinutes: 60 } });

    const { status, body } = await getJson(browser, "/api/insights");
    expect(status).toBe(200);
    expect(body.webinars).toEqual([
      { webinarId: "85000000003", topic: "Second webinar", startTime: "2026-11-12T15:00:00.000Z", registrants: 2, attendees: 1, registeredAttendees: 1, attendanceRatePercent: 50 },
      { webinarId: "85000000002", topic: "Nobody came", startTime: "2026-11-11T15:00:00.000Z", registrants: 0, attendees: 0, registeredAttendees: 0, attendanceRatePercent: null },
      { webinarId: "85000000001", topic: "Charts webinar", startTime: "2026-11-10T15:00:00.000Z", registrants: 4, attendees: 4, registeredAttendees: 3, attendanceRatePercent: 75 },
      { webinarId: "85000000005", topic: "Many people", startTime: "2026-11-07T15:00:00.000Z", registrants: 1234, attendees: 1234, registeredAttendees: 1234, attendanceRatePercent: 100 },
    ]);
    const limited = await getJson(browser, "/api/insights?limit=1");
    expect((limited.body.webinars as { webinarId: string }[]).map((w) => w.webinarId)).toEqual(["85000000003"]);
  });

  it("when the limit is not a number from 1 to 100, then it is a 400 naming it", async () => {
    for (const bad of ["0", "101", "ten"]) {
      const { status, body } = await getJson(browser, `/api/insights?limit=${bad}`);
      expect(status).toBe(400);
      expect(JSON.stringify(body)).toContain("limit");
    }
  });

  it("when another portal asks for this portal's webinar, then it is a 404, and its insights are empty", async () => {
    const other = await install(world, new Browser(), freshPortal(world));
    expect((await getJson(other.browser, "/api/webinars/85000000001/charts")).status).toBe(404);
    expect((await getJson(other.browser, `/api/webinars/${mainId}/charts`)).status).toBe(404);
    expect((await getJson(other.browser, "/api/insights")).body).toEqual({ webinars: [] });
    const page = await other.browser.fetch(`${world.app.url}/settings/webinars/85000000001`);
    expect(page.status).toBe(404);
  });

  it("when there is no session, then the API answers 401 and the pages redirect to /install", async () => {
    const anonymous = new Browser();
    expect((await getJson(anonymous, "/api/webinars/85000000001/charts")).status).toBe(401);
    expect((await getJson(anonymous, "/api/insights")).status).toBe(401);
    for (const path of ["/settings/webinars/85000000001", "/settings/insights"]) {
      const res = await anonymous.fetch(`${world.app.url}${path}`);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/install");
    }
  });

  it("when the pages are opened, then they load the chart library and their scripts from the app, with no inline script", async () => {
    for (const path of ["/settings/webinars/85000000001", "/settings/insights"]) {
      const res = await browser.fetch(`${world.app.url}${path}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<script src="/vendor/chart.js/chart.umd.min.js" defer></script>');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).toContain('href="/settings/insights"');
    }
  });

  it("when the chart library is asked for, then it is served from node_modules as JavaScript, without a session", async () => {
    const res = await fetch(`${world.app.url}/vendor/chart.js/chart.umd.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^(application|text)\/javascript/);
    expect(await res.text()).toContain("Chart.js v4.6.1");
    expect((await fetch(`${world.app.url}/vendor/chart.js/no-such-file.js`)).status).toBe(404);
  });
});
