import { setTimeout as sleep } from "node:timers/promises";
import { Browser } from "../helpers/browser";
import { startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";
import { buildWebinar, HOST, hubspotState, installAndConnect, register, zoomProps } from "./factories";

/** "Sync now" and the audit log through the JSON API, with the background workers running. */
describe("POST /api/webinars/:webinarId/sync and GET /api/webinars/:webinarId/audit", () => {
  let world: World;
  let browser: Browser;
  let csrfToken: string;
  let connectionId: string;

  beforeAll(async () => {
    world = await startWorld({ workers: true });
    ({ browser, csrfToken, connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());

  const syncNow = (webinarId: string, headers: Record<string, string> = { "x-csrf-token": csrfToken }, b = browser) =>
    b.fetch(`${world.app.url}/api/webinars/${webinarId}/sync`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });
  const until = async (what: () => Promise<boolean> | boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error("timed out waiting");
      await sleep(100);
    }
  };

  /** An upcoming webinar in Zoom with one registrant the app has not heard of. */
  async function upcomingWebinar() {
    const start = new Date(Date.now() + 7 * 24 * 3600_000);
    const w = await buildWebinar(world, connectionId, { startTime: start, actualStartTime: null, endedAt: null });
    world.zoom.webinars.set(w.zoomWebinarId, {
      id: w.zoomWebinarId, uuid: w.uuid!, accountId: ZOOM_ACCOUNT, host_id: HOST.zoomUserId, host_email: HOST.email,
      topic: w.topic, type: 5, start_time: start.toISOString(), duration: 60, join_url: w.joinUrl!,
      settings: { alternative_hosts: "", approval_type: 0 },
      registrants: [{ id: "zr-1", email: "zoe@fromzoom.example", first_name: "Zoe", last_name: "Zed", status: "approved", join_url: "https://zoom.example/j/zoe", create_time: new Date().toISOString() }],
    });
    return w;
  }

  it("when Sync now is asked twice, then 202 each time, Zoom's data reaches HubSpot once, with the same values", async () => {
    const w = await upcomingWebinar();
    await register(world, w.id, { email: "known@customer.example", firstName: "Kim" });
    const first = await syncNow(w.zoomWebinarId);
    expect(first.status).toBe(202);
    const hs = hubspotState(world);
    const synced = async () => (await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } })).lastSyncAt;
    await until(async () => (await synced()) !== null);
    const firstAt = await synced();
    expect(hs.contact("known@customer.example")).toBeDefined();
    const values = zoomProps(hs.contact("zoe@fromzoom.example"));
    expect(values).toMatchObject({ registrations: "1", joinlink: "https://zoom.example/j/zoe" });

    expect((await syncNow(w.zoomWebinarId)).status).toBe(202);
    await until(async () => (await synced())!.getTime() > firstAt!.getTime());
    expect(zoomProps(hs.contact("zoe@fromzoom.example"))).toEqual(values);
    expect(hs.contacts().filter((c) => c.properties.email === "zoe@fromzoom.example")).toHaveLength(1);
    expect(hs.attendance(w.zoomWebinarId)).toEqual(["register known@customer.example", "register zoe@fromzoom.example"]);
  });

  it("when the audit log is read, then it lists the entries newest first in the contract's shape", async () => {
    const w = await upcomingWebinar();
    await register(world, w.id, { email: "bad address" });
    expect((await syncNow(w.id)).status).toBe(202);
    const read = async () => (await browser.fetch(`${world.app.url}/api/webinars/${w.zoomWebinarId}/audit`)).json() as Promise<Record<string, unknown>[]>;
    await until(async () => (await read()).some((e) => e.code === "SYNCED"));
    const entries = await read();
    expect(entries.map((e) => e.code)).toEqual(["SYNCED", "EMAILS_EXCLUDED"]);
    expect(entries[1]).toEqual({
      at: expect.any(String),
      level: "warning",
      code: "EMAILS_EXCLUDED",
      message: "Some email addresses were excluded from syncing: 1 invalid email address",
      details: { counts: { hubspot_user: 0, excluded_domain: 0, invalid_email: 1, secondary_email: 0, no_email: 0 } },
    });
    expect(Date.parse(entries[0]!.at as string)).toBeGreaterThan(Date.parse(entries[1]!.at as string));
  });

  it("when the webinar is unknown, belongs to no webinar of the portal, or the caller is not signed in or lacks the CSRF token, then nothing is queued", async () => {
    const w = await buildWebinar(world, connectionId);
    expect((await syncNow("99999999999")).status).toBe(404);
    expect((await syncNow("not-an-id")).status).toBe(404);
    expect((await browser.fetch(`${world.app.url}/api/webinars/99999999999/audit`)).status).toBe(404);
    expect((await syncNow(w.zoomWebinarId, {})).status).toBe(403);
    const stranger = new Browser();
    expect((await syncNow(w.zoomWebinarId, { "x-csrf-token": csrfToken }, stranger)).status).toBe(401);
    expect((await stranger.fetch(`${world.app.url}/api/webinars/${w.zoomWebinarId}/audit`)).status).toBe(401);
    await sleep(300);
    expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: w.id } })).lastSyncAt).toBeNull();
    const jobs = await world.db.sql.query(`SELECT 1 FROM pgboss.job WHERE name = 'sync-now' AND data->>'webinarId' = $1`, [w.id]);
    expect(jobs).toHaveLength(0);
  });
});
