import { INTERNAL_TEXT } from "../../src/audit/messages";
import { runSyncNow } from "../../src/sync/sync-now";
import { syncWebinar } from "../../src/sync/sync-webinar";
import { syncGivenUp } from "../../src/sync/worker";
import type { JobContext } from "../../src/queue/queue";
import { AppError } from "../../src/lib/errors";
import type { Browser } from "../helpers/browser";
import { freshInstall, PORTAL_ID, startWorld, type World } from "../helpers/world";
import { attend, auditOf, bigWebinar, buildWebinar, hubspotState, installAndConnect, register } from "./factories";

/**
 * Sync runs (src/sync/runs.ts) through what the admin sees: GET /api/webinars/:id/runs,
 * the rows of GET /api/webinars (lastRun, numbers, notSyncedReason) and the audit log;
 * the jobs' handlers are called as the queue calls them, so every step is observable.
 */
describe("sync runs", () => {
  let world: World;
  let browser: Browser;
  let csrfToken: string;
  let connectionId: string;
  const job = (jobId: string, last = false): JobContext => ({ jobId, retryCount: 0, isLastAttempt: last });
  const deps = () => ({ ...world.app.services, resyncFromZoom: async () => ({ webinarFound: true }) as never });

  beforeAll(async () => {
    world = await startWorld();
    ({ browser, csrfToken, connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());
  afterEach(() => world.hubspot.clearFaults());

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await browser.fetch(`${world.app.url}/api${path}`, { ...init, headers: { "content-type": "application/json", "x-csrf-token": csrfToken } });
    return { status: res.status, body: await res.json() };
  };
  const runs = async (webinarId: string, query = "") => (await api(`/webinars/${webinarId}/runs${query}`)).body as any[];
  const row = async (zoomWebinarId: string) => ((await api(`/webinars?limit=500`)).body as any[]).find((w) => w.webinarId === zoomWebinarId);

  it("when Sync now is asked, then a queued run answers at once, runs with its people counted, and ends synced with numbers that agree with HubSpot", async () => {
    await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedContactDomains: ["excluded.example"] } });
    try {
      const w = await buildWebinar(world, connectionId);
      await register(world, w.id, { email: "ann@customer.example", firstName: "Ann" });
      await register(world, w.id, { email: "bob@customer.example", firstName: "Bob" });
      await register(world, w.id, { email: "cara@customer.example", firstName: "Cara", cancelledAt: new Date() });
      await register(world, w.id, { email: "not an email" });
      await register(world, w.id, { email: "eve@excluded.example" });
      await attend(world, w.id, { email: "ann@customer.example", name: "Ann" }, [[0, 30]]);
      await attend(world, w.id, { email: "dan@walkin.example", name: "Dan Walker" }, [[0, 60]]);

      const accepted = await api(`/webinars/${w.zoomWebinarId}/sync`, { method: "POST", body: "{}" });
      expect(accepted).toEqual({ status: 202, body: { status: "accepted", webinarId: w.zoomWebinarId, runId: expect.any(String) } });
      const { runId } = accepted.body as { runId: string };
      expect(await runs(w.zoomWebinarId, "?limit=1")).toEqual([
        { runId, trigger: "sync_now", status: "queued", queuedAt: expect.any(String), startedAt: null, finishedAt: null, written: 0, total: 0, message: "" },
      ]);
      expect((await row(w.zoomWebinarId)).lastRun).toMatchObject({ runId, status: "queued" });
      // Before any run counted, HubSpot's side is unknown (null), Zoom's is what is recorded.
      expect((await row(w.zoomWebinarId)).numbers).toEqual({
        zoom: { registrants: 4, attendees: 2 }, hubspot: null, excluded: null, averageAttendancePercent: null,
      });

      await runSyncNow(deps(), { webinarId: w.id, runId }, job(`sync-now-${runId}`));

      const [run] = await runs(w.id);
      expect(run).toMatchObject({ runId, trigger: "sync_now", status: "synced", written: 6, total: 6 });
      expect(Date.parse(run.startedAt)).toBeGreaterThanOrEqual(Date.parse(run.queuedAt));
      expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
      // Cara cancelled: still a contact, with her registration and its cancellation.
      expect(run.message).toBe(
        "Synced to HubSpot: wrote 4 contacts, 6 registration and attendance records, 2 marketing event updates; HubSpot now has 4 contacts, 3 registrations, 2 attendees.",
      );

      // What HubSpot received, by the fake: registrations not cancelled, and attendees.
      const records = hubspotState(world).attendance(w.zoomWebinarId);
      const registered = records.filter((r) => r.startsWith("register ")).length - records.filter((r) => r.startsWith("cancel ")).length;
      const attended = records.filter((r) => r.startsWith("attend ")).length;
      const listed = await row(w.zoomWebinarId);
      expect(listed.numbers).toEqual({
        zoom: { registrants: 4, attendees: 2 },
        hubspot: { registrants: registered, attendees: attended },
        excluded: { hubspot_user: 0, excluded_domain: 1, invalid_email: 1, secondary_email: 0, no_email: 0 },
        averageAttendancePercent: 75,
      });
      expect(listed.numbers.hubspot).toEqual({ registrants: 2, attendees: 2 });
      expect(listed.lastRun).toEqual(run);
      expect(listed.notSyncedReason).toBeNull();
    } finally {
      await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedContactDomains: [] } });
    }
  });

  it("when Sync now cannot read Zoom, then the run still syncs what was recorded and Zoom's words stay out of the message", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "zed@customer.example" });
    const { runId } = (await api(`/webinars/${w.zoomWebinarId}/sync`, { method: "POST", body: "{}" })).body as { runId: string };
    const zoomSays = `Webinar ${w.id} not found at webinars.0.registrants`;
    const failing = { ...deps(), resyncFromZoom: async () => { throw new AppError("ZOOM_NOT_FOUND", zoomSays, 404); } };
    await runSyncNow(failing, { webinarId: w.id, runId }, job(`sync-now-${runId}`));
    expect((await runs(w.id))[0]).toMatchObject({ runId, status: "synced" });
    const error = (await auditOf(world, w.id)).find((e) => e.code === "SYNC_ERROR");
    expect(error).toMatchObject({ message: "No data could be read from the Zoom account; what was recorded before is synced.", details: { reason: "no_zoom_data", error: zoomSays } });
  });

  it("when a sync is run again with nothing new, then its run says no changes, and each run has its own SYNCED entry", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "nia@customer.example", firstName: "Nia" });
    await syncWebinar(world.app.services, w.id);
    await syncWebinar(world.app.services, w.id);

    const [second, first] = await runs(w.id);
    expect(first).toMatchObject({ trigger: "automatic", status: "synced" });
    expect(second).toMatchObject({ trigger: "automatic", status: "no_changes", written: 1, total: 1 });
    const synced = (await auditOf(world, w.id)).filter((e) => e.code === "SYNCED");
    expect(synced.map((e) => e.message)).toEqual([
      "Sync finished: no changes; HubSpot already has 1 contact, 1 registration, 0 attendees.",
      "Synced to HubSpot: wrote 1 contact, 1 registration or attendance record, 2 marketing event updates; HubSpot now has 1 contact, 1 registration, 0 attendees.",
    ]);
    expect(synced[0]!.details).toMatchObject({ counts: { contacts: 1, registrations: 1, attendees: 0 }, written: {} });
    expect(second.message).toBe(synced[0]!.message);
  });

  it("when HubSpot refuses some writes, then the run is partly synced with the reason in words", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "hal@customer.example", firstName: "Hal" });
    world.hubspot.inject({
      method: "POST", path: "/crm/objects/2026-09/contacts/batch/upsert", status: 400, times: 5,
      body: {
        category: "VALIDATION_ERROR", correlationId: "3f0c1f4e-5a9e-4f2b-9d7c-2b1e8f6a0c11", message: "Property values were not valid",
        errors: [{ message: "is not a valid URL", code: "INVALID_URL", in: "zoom_webinar_joinlink", context: { propertyName: ["zoom_webinar_joinlink"] } }],
      },
    });
    await syncWebinar(world.app.services, w.id);
    expect((await runs(w.id))[0]).toMatchObject({ status: "partly_synced", message: "HubSpot refused the value of zoom_webinar_joinlink: is not a valid URL" });
  });

  it("when HubSpot refuses a read the sync needs, then the run failed with HubSpot's words", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "jo@customer.example" });
    world.hubspot.inject({ path: "/crm/objects/2026-09/contacts/search", status: 400, times: 3, body: { category: "VALIDATION_ERROR", correlationId: "c0ffee00-0000-4000-8000-000000000000", message: "filterGroups is invalid" } });
    await syncWebinar(world.app.services, w.id);
    expect((await runs(w.id))[0]).toMatchObject({ status: "failed", message: "HubSpot refused the request: filterGroups is invalid", finishedAt: expect.any(String) });
  });

  it("when a sync job dies half-way, then its run stays running at n of m, the retry continues the same run, and a job given up fails it", async () => {
    const w = await bigWebinar(world, connectionId, "halfway.example");
    const upsert = "/crm/objects/2026-09/contacts/batch/upsert";
    world.hubspot.inject({ path: upsert, times: 1 });
    world.hubspot.inject({ path: upsert, drop: true, times: 100 });
    await expect(syncWebinar(world.app.services, w.id, { jobId: "job-halfway", batchSize: 100, concurrency: 1, writer: { attempts: 1 } })).rejects.toThrow();
    const [dying] = await runs(w.id);
    expect(dying).toMatchObject({ status: "running", written: 100, total: 250, finishedAt: null, message: "A temporary problem interrupted the sync; it is tried again shortly." });

    world.hubspot.clearFaults();
    await syncWebinar(world.app.services, w.id, { jobId: "job-halfway", batchSize: 100 });
    expect(await runs(w.id)).toEqual([expect.objectContaining({ runId: dying.runId, status: "synced", written: 250, total: 250, startedAt: dying.startedAt })]);

    // Another job of the webinar fails for good: its run fails, the raw error only in the details.
    world.hubspot.inject({ path: upsert, drop: true, times: 100 });
    await register(world, w.id, { email: "late@halfway.example" });
    await expect(syncWebinar(world.app.services, w.id, { jobId: "job-doomed", writer: { attempts: 1 } })).rejects.toThrow();
    await syncGivenUp(world.app.services, { webinarId: w.id }, new Error(`socket hang up at contacts.inputs.0 for ${w.id}`), job("job-doomed", true));
    const [doomed] = await runs(w.id);
    expect(doomed).toMatchObject({ status: "failed", message: expect.stringMatching(/^Syncing this webinar to HubSpot failed after several attempts/) });
    const [entry] = await auditOf(world, w.id);
    expect(entry).toMatchObject({ code: "SYNC_ERROR", details: { reason: "sync_failed", error: expect.stringContaining("socket hang up") } });
    expect(entry!.message).not.toContain("socket");
  });

  it("when a run was left running by a worker that died with its job, then the next run of the webinar fails it", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "sam@customer.example" });
    const old = new Date(Date.now() - 2 * 3600_000);
    const stale = await world.db.prisma.syncRun.create({
      data: { portalId: BigInt(PORTAL_ID), webinarId: w.id, trigger: "automatic", status: "running", queuedAt: old, startedAt: old, updatedAt: old, total: 1 },
    });
    await syncWebinar(world.app.services, w.id);
    const [latest, before] = await runs(w.id);
    expect(latest).toMatchObject({ status: "synced" });
    expect(before).toMatchObject({ runId: stale.id, status: "failed", message: "The sync stopped without finishing (its worker stopped); a later sync took over." });
  });

  it("when a webinar will not sync, then its run is skipped and its row says why, by the same rule as the sync", async () => {
    const off = await buildWebinar(world, connectionId, { syncEnabled: false });
    await syncWebinar(world.app.services, off.id);
    expect((await runs(off.id))[0]).toMatchObject({ status: "skipped", message: "sync is turned off for this webinar", total: 0 });
    expect((await row(off.zoomWebinarId)).notSyncedReason).toEqual({ code: "webinar_off", message: "Not synced: sync is turned off for this webinar." });

    const excluded = await buildWebinar(world, connectionId, { hostEmail: "boss@internal.example" });
    await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { excludedHostDomains: ["internal.example"] } });
    try {
      expect((await row(excluded.zoomWebinarId)).notSyncedReason).toEqual({ code: "host_domain", message: "Not synced: its host's email domain is excluded." });
      await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { webinarSyncScope: "selected", selectedZoomUserIds: [] } });
      expect((await row(excluded.zoomWebinarId)).notSyncedReason).toMatchObject({ code: "scope" });
      await world.db.prisma.portal.update({ where: { id: BigInt(PORTAL_ID) }, data: { webinarSyncEnabled: false } });
      expect((await row(excluded.zoomWebinarId)).notSyncedReason).toMatchObject({ code: "sync_off" });
    } finally {
      await world.db.prisma.portal.update({
        where: { id: BigInt(PORTAL_ID) },
        data: { excludedHostDomains: [], webinarSyncScope: "all", selectedZoomUserIds: [], webinarSyncEnabled: true },
      });
    }
  });

  it("when a webinar's runs are read, then newest first, 20 by default, at most 100; bad limits are 400 and another portal's webinar 404", async () => {
    const w = await buildWebinar(world, connectionId);
    await world.db.prisma.syncRun.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        portalId: BigInt(PORTAL_ID), webinarId: w.id, trigger: "automatic", status: "no_changes",
        queuedAt: new Date(Date.UTC(2026, 10, 1, 0, i)), message: `run ${i}`,
      })),
    });
    const all = await runs(w.zoomWebinarId);
    expect(all).toHaveLength(20);
    expect(all[0].message).toBe("run 24");
    expect((await runs(w.zoomWebinarId, "?limit=3")).map((r) => r.message)).toEqual(["run 24", "run 23", "run 22"]);
    expect(await runs(w.zoomWebinarId, "?limit=100")).toHaveLength(25);
    for (const bad of ["0", "101", "abc", "2.5"]) {
      const res = await api(`/webinars/${w.zoomWebinarId}/runs?limit=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe("limit");
    }

    const other = await freshInstall(world);
    const theirs = await buildWebinar(world, other.connectionId);
    expect((await api(`/webinars/${theirs.zoomWebinarId}/runs`)).status).toBe(404);
    expect((await api(`/webinars/${theirs.id}/runs`)).status).toBe(404);
  });

  it("when every run above has written its audit entries, then no message holds an internal id or a JSON path", async () => {
    const entries = await world.db.prisma.auditEntry.findMany({ select: { message: true } });
    expect(entries.length).toBeGreaterThan(10);
    for (const { message } of entries) for (const pattern of INTERNAL_TEXT) expect(message).not.toMatch(new RegExp(pattern.source, "i"));
    const messages = await world.db.prisma.syncRun.findMany({ select: { message: true } });
    for (const { message } of messages) for (const pattern of INTERNAL_TEXT) expect(message).not.toMatch(new RegExp(pattern.source, "i"));
  });
});
