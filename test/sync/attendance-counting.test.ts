import { zoomEvents, type FakeZoomWebinar } from "@hzw/fakes";
import { Browser } from "../helpers/browser";
import { install } from "../helpers/world";
import { startPrivacyWorld, type PrivacyWorld } from "../privacy/harness";
import { hubspotState, zoomProps } from "./factories";
import { runOccurrence, twoOccurrenceSeries } from "./series";

/**
 * How a recurring webinar counts in the four contact properties (issue #15 point 3):
 * as one webinar (the default, "series"), or, when the admin chooses it with
 * PUT /api/webinars/:webinarId {attendanceCounting: "occurrence"}, each occurrence
 * attended as a webinar, its average per occurrence. The change queues a sync, which
 * recomputes the properties in HubSpot. The marketing event's description lists the
 * occurrences.
 */
describe("attendance counting of a recurring webinar", () => {
  let w: PrivacyWorld;
  const OTHER_PORTAL = 77031;
  beforeAll(async () => {
    w = await startPrivacyWorld();
    w.hubspot.addPortal(OTHER_PORTAL, 8031, [{ id: "8031", email: "admin@other.example" }]);
  });
  afterAll(async () => w?.close());


  const api = (path: string, init: { method?: string; body?: unknown; as?: Browser; csrf?: string } = {}) =>
    (init.as ?? w.browser).fetch(`${w.app.url}/api${path}`, {
      method: init.method ?? "GET",
      headers: { "content-type": "application/json", ...(init.method && init.method !== "GET" && { "x-csrf-token": init.csrf ?? w.csrfToken }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> & { errors?: { path: string }[] } });
  const row = (zoomWebinarId: string) =>
    w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId } } });
  const queuedSyncs = async (webinarId: string) =>
    (await w.db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-webinar' AND data->>'webinarId' = $1", [webinarId]))[0]!.n;

  let series: FakeZoomWebinar;

  it("when a person attends two occurrences, then by default they attended one webinar; counted per occurrence after the admin's choice, two", async () => {
    const { webinar: created, first, second } = await twoOccurrenceSeries(w, "Weekly office hours", 1810000000000);
    series = created;
    await w.register(series, { id: "reg_kim", email: "kim@count.example", first: "Kim", last: "Kerr" });
    await runOccurrence(w, series, first, [["p_kim_1", "kim@count.example", [0, 60]], ["p_lou_1", "lou@count.example", [0, 30]]]);
    await runOccurrence(w, series, second, [["p_kim_2", "kim@count.example", [0, 30]]]);
    await w.drain();
    await w.sync(w.connectionId, series.id);

    // "series": one webinar; Kim's 90 merged minutes over the 60-minute run are capped at 100 %.
    const hs = hubspotState(w);
    expect(zoomProps(hs.contact("kim@count.example"))).toMatchObject({ registrations: "1", attended: "1", average: "100" });
    expect(zoomProps(hs.contact("lou@count.example"))).toMatchObject({ registrations: "0", attended: "1", average: "50" });

    const listed = (await json(await api("/webinars"))).body as unknown as { webinarId: string; attendanceCounting: string; recurring: boolean }[];
    expect(listed.find((x) => x.webinarId === series.id)).toMatchObject({ attendanceCounting: "series", recurring: true });

    const webinar = await row(series.id);
    // One queued sync per webinar at a time (singletonKey): the ones the webhooks queued are cleared first.
    await w.db.sql.query("DELETE FROM pgboss.job WHERE name = 'sync-webinar' AND data->>'webinarId' = $1", [webinar.id]);
    const put = await json(await api(`/webinars/${series.id}`, { method: "PUT", body: { attendanceCounting: "occurrence" } }));
    expect(put).toEqual({ status: 200, body: expect.objectContaining({ webinarId: series.id, attendanceCounting: "occurrence", recurring: true, syncEnabled: true }) });
    expect((await row(series.id)).attendanceCounting).toBe("occurrence");
    // The change asked for a sync of the webinar (run here by hand: no workers in this world).
    expect(await queuedSyncs(webinar.id)).toBe(1);
    await w.sync(w.connectionId, series.id);

    // "occurrence": two webinars attended (100 % of the first, 50 % of the second); the
    // registration is for the series, so it still counts once.
    expect(zoomProps(hs.contact("kim@count.example"))).toMatchObject({ registrations: "1", attended: "2", average: "75" });
    expect(zoomProps(hs.contact("lou@count.example"))).toMatchObject({ registrations: "0", attended: "1", average: "50" });

    // Back to "series": recomputed again, not decremented from what HubSpot holds.
    await api(`/webinars/${series.id}`, { method: "PUT", body: { attendanceCounting: "series" } });
    await w.sync(w.connectionId, series.id);
    expect(zoomProps(hs.contact("kim@count.example"))).toMatchObject({ registrations: "1", attended: "1", average: "100" });
  });

  it("when the choice is put with a bad value, nothing, unknown fields or from another portal, then it is refused and nothing is saved", async () => {
    const before = await row(series.id);
    const bad = await json(await api(`/webinars/${series.id}`, { method: "PUT", body: { attendanceCounting: "each" } }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe("attendanceCounting");
    const mixed = await json(await api(`/webinars/${series.id}`, { method: "PUT", body: { syncEnabled: false, attendanceCounting: "each" } }));
    expect(mixed.status).toBe(400);
    expect((await json(await api(`/webinars/${series.id}`, { method: "PUT", body: {} }))).status).toBe(400);
    expect((await json(await api(`/webinars/${series.id}`, { method: "PUT", body: { attendanceCounting: "occurrence", colour: "red" } }))).status).toBe(400);
    expect(await row(series.id)).toMatchObject({ attendanceCounting: before.attendanceCounting, syncEnabled: true });

    const other = new Browser();
    const { csrfToken } = await install(w, other, OTHER_PORTAL);
    const res = await api(`/webinars/${series.id}`, { as: other, csrf: csrfToken, method: "PUT", body: { attendanceCounting: "occurrence" } });
    expect(res.status).toBe(404);
    expect((await row(series.id)).attendanceCounting).toBe(before.attendanceCounting);

    // The contract's {syncEnabled} alone still works, and leaves the counting as it was.
    const off = await json(await api(`/webinars/${series.id}`, { method: "PUT", body: { syncEnabled: false } }));
    expect(off).toEqual({ status: 200, body: expect.objectContaining({ syncEnabled: false, attendanceCounting: before.attendanceCounting }) });
    await api(`/webinars/${series.id}`, { method: "PUT", body: { syncEnabled: true } });
  });

  it("when a webinar recurs, then its marketing event's description lists the occurrences in UTC; a single webinar has none", async () => {
    const starts = ["2027-12-01T15:00:00Z", "2027-12-08T15:00:00Z", "2027-12-15T15:00:00Z"];
    const course = w.webinar({
      topic: "Three-week course",
      type: 9,
      start_time: starts[0],
      duration: 60,
      occurrences: starts.map((t, i) => ({ occurrence_id: String(1820000000000 + i), start_time: t, duration: 60, status: "available" })),
    });
    const single = w.webinar({ topic: "One-off", type: 5, start_time: "2027-12-02T10:00:00Z", duration: 45 });
    for (const x of [course, single]) expect((await w.sender.send(zoomEvents.webinarCreated(x))).status).toBe(204);
    await w.drain();
    await w.sync(w.connectionId, course.id);
    await w.sync(w.connectionId, single.id);
    const hs = hubspotState(w);
    expect(hs.event(course.id)?.properties.eventDescription).toBe("A series of 3 sessions: 1 Dec 2027 15:00, 8 Dec 2027 15:00, 15 Dec 2027 15:00 (UTC).");
    expect(hs.event(single.id)?.properties.eventDescription).toBeUndefined();

    const listed = (await json(await api("/webinars"))).body as unknown as { webinarId: string; recurring: boolean; attendanceCounting: string }[];
    expect(listed.find((x) => x.webinarId === course.id)).toMatchObject({ recurring: true, attendanceCounting: "series" });
    expect(listed.find((x) => x.webinarId === single.id)).toMatchObject({ recurring: false, attendanceCounting: "series" });
  });
});
