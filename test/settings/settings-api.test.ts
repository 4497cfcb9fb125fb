import { Browser } from "../helpers/browser";
import { connectZoom, install, startWorld, type World } from "../helpers/world";

/** The settings part of the JSON API: validation, what is saved, and portal isolation. */
describe("settings JSON API", () => {
  let world: World;
  let browser: Browser;
  let csrf: string;
  let connectionId: string;
  const OTHER_PORTAL = 77001;

  beforeAll(async () => {
    world = await startWorld();
    world.hubspot.addPortal(OTHER_PORTAL, 8001, [{ id: "8001", email: "admin@other.example" }]);
    ({ browser, csrfToken: csrf } = await install(world));
    connectionId = (await connectZoom(world, browser)).id;
  });
  afterAll(async () => world?.close());

  const api = (path: string, init: { method?: string; body?: unknown; csrf?: string | null; as?: Browser } = {}) =>
    (init.as ?? browser).fetch(`${world.app.url}/api${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...(init.body !== undefined && { "content-type": "application/json" }),
        ...(init.csrf !== null && init.method && init.method !== "GET" && { "x-csrf-token": init.csrf ?? csrf }),
      },
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    });
  const json = async (res: Response) => ({ status: res.status, body: await res.json() });

  const DEFAULTS = {
    webinarSync: { enabled: false, scope: "none", selectedZoomUserIds: [] },
    exclusions: { hostDomains: [], contactDomains: [] },
  };

  it("when a portal is new, then its settings are the contract's defaults", async () => {
    expect(await json(await api("/settings"))).toEqual({ status: 200, body: DEFAULTS });
  });

  it("when valid settings are put, then they are saved (domains normalised) and read back", async () => {
    const put = await json(await api("/settings", {
      method: "PUT",
      body: {
        webinarSync: { enabled: true, scope: "selected", selectedZoomUserIds: ["zu_admin", "zu_admin"] },
        exclusions: { hostDomains: ["@Internal.Example"], contactDomains: ["competitor.example", " Spam.Example "] },
      },
    }));
    const saved = {
      webinarSync: { enabled: true, scope: "selected", selectedZoomUserIds: ["zu_admin"] },
      exclusions: { hostDomains: ["internal.example"], contactDomains: ["competitor.example", "spam.example"] },
    };
    expect(put).toEqual({ status: 200, body: saved });
    expect((await json(await api("/settings"))).body).toEqual(saved);
    const portal = await world.db.prisma.portal.findUniqueOrThrow({ where: { id: BigInt(62515) } });
    expect(portal).toMatchObject({ webinarSyncEnabled: true, webinarSyncScope: "selected", excludedHostDomains: ["internal.example"] });
  });

  it("when a section is left out, then it keeps its values", async () => {
    const put = await json(await api("/settings", { method: "PUT", body: { webinarSync: { scope: "all" } } }));
    expect(put.body.webinarSync).toEqual({ enabled: true, scope: "all", selectedZoomUserIds: ["zu_admin"] });
    expect(put.body.exclusions.hostDomains).toEqual(["internal.example"]);
  });

  it("when settings are invalid, then 400 lists each field with a message and nothing is saved", async () => {
    const before = (await json(await api("/settings"))).body;
    const res = await json(await api("/settings", {
      method: "PUT",
      body: {
        webinarSync: { enabled: "yes", scope: "some", selectedZoomUserIds: "zu_admin" },
        exclusions: { hostDomains: ["not a domain"], contactDomains: ["ok.example"] },
        extra: true,
      },
    }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(["errors"]);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["exclusions.hostDomains.0", "extra", "webinarSync.enabled", "webinarSync.scope", "webinarSync.selectedZoomUserIds"]);
    for (const e of res.body.errors) expect(typeof e.message).toBe("string");
    expect((await json(await api("/settings"))).body).toEqual(before);
  });

  it("when a nested field is unknown, or the body is not an object or not JSON, then 4xx and nothing is saved", async () => {
    const before = (await json(await api("/settings"))).body;
    const nested = await json(await api("/settings", { method: "PUT", body: { webinarSync: { enabled: false, mode: "x" } } }));
    expect(nested).toEqual({
      status: 400,
      body: { errors: [{ path: "webinarSync.mode", field: "webinarSync.mode", value: "x", message: 'Webinar sync: "mode" is not a known field.' }] },
    });
    expect((await api("/settings", { method: "PUT", body: [1] })).status).toBe(400);
    expect((await api("/settings", { method: "PUT", body: "{oops" })).status).toBe(400);
    expect((await json(await api("/settings"))).body).toEqual(before);
  });

  it("when the CSRF token or the session is missing, then the change is refused", async () => {
    expect((await api("/settings", { method: "PUT", body: { webinarSync: { enabled: false } }, csrf: null })).status).toBe(403);
    const anonymous = await fetch(`${world.app.url}/api/settings`);
    expect(anonymous.status).toBe(401);
  });

  it("when the Zoom users are listed, then they come from the connected account with the default switches", async () => {
    const res = await json(await api("/zoom-users"));
    expect(res).toEqual({
      status: 200,
      body: [
        { zoomUserId: "zu_admin", email: "host@zoomco.example", displayName: "Hana Host", syncNewWebinarsByDefault: true, syncRecordingsAndTranscripts: false },
        { zoomUserId: "zu_other", email: "other-host@zoomco.example", displayName: "Otto Other", syncNewWebinarsByDefault: true, syncRecordingsAndTranscripts: false },
      ],
    });
  });

  it("when a Zoom user's switches are put, then they are saved; bad input or an unknown user is refused", async () => {
    const put = await json(await api("/zoom-users/zu_other/settings", { method: "PUT", body: { syncNewWebinarsByDefault: false, syncRecordingsAndTranscripts: true } }));
    expect(put).toEqual({ status: 200, body: expect.objectContaining({ zoomUserId: "zu_other", syncNewWebinarsByDefault: false, syncRecordingsAndTranscripts: true }) });
    const bad = await json(await api("/zoom-users/zu_other/settings", { method: "PUT", body: { syncNewWebinarsByDefault: "no", color: "red" } }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["color", "syncNewWebinarsByDefault"]);
    expect((await api("/zoom-users/nobody/settings", { method: "PUT", body: { syncNewWebinarsByDefault: true } })).status).toBe(404);
    const row = await world.db.prisma.zoomUser.findUniqueOrThrow({ where: { connectionId_zoomUserId: { connectionId, zoomUserId: "zu_other" } } });
    expect(row).toMatchObject({ syncNewWebinarsByDefault: false, syncRecordingsAndTranscripts: true });
  });

  it("when webinars are listed, then each shows its counts and sync state; the switch can be turned off", async () => {
    const webinar = await world.db.prisma.webinar.create({
      data: { connectionId, zoomWebinarId: "81234567890", topic: "Pricing deep dive", startTime: new Date("2026-12-01T16:00:00Z"), hostEmail: "host@zoomco.example", hostId: "zu_admin" },
    });
    await world.db.prisma.webinar.create({ data: { connectionId, zoomWebinarId: "81234567891", topic: "Gone", deletedAt: new Date() } });
    const at = new Date("2026-11-20T10:00:00Z");
    await world.db.prisma.registrant.createMany({
      data: [
        { webinarId: webinar.id, email: "a@x.example", registeredAt: at, source: "webhook" },
        { webinarId: webinar.id, email: "b@x.example", registeredAt: at, source: "webhook" },
        { webinarId: webinar.id, email: "c@x.example", registeredAt: at, source: "webhook", status: "cancelled" },
      ],
    });
    await world.db.prisma.participantEvent.createMany({
      data: [
        { webinarId: webinar.id, participantKey: "uid:1", email: "a@x.example", kind: "join", at, source: "webhook" },
        { webinarId: webinar.id, participantKey: "uid:2", email: "a@x.example", kind: "join", at: new Date(at.getTime() + 1000), source: "webhook" },
        { webinarId: webinar.id, participantKey: "uid:3", kind: "join", at, source: "report" },
      ],
    });

    const list = await json(await api("/webinars"));
    expect(list).toEqual({
      status: 200,
      body: [{ webinarId: "81234567890", topic: "Pricing deep dive", startTime: "2026-12-01T16:00:00.000Z", hostEmail: "host@zoomco.example", syncEnabled: true, attendanceCounting: "series", recurring: false, registrants: 2, attendees: 2, lastSync: { at: null, status: null },
        // Never synced: no run, HubSpot's side not counted yet (test/sync/runs.test.ts has the rest).
        lastRun: null, numbers: { zoom: { registrants: 2, attendees: 2 }, hubspot: null, excluded: null, averageAttendancePercent: null }, notSyncedReason: null }],
    });

    const off = await json(await api("/webinars/81234567890", { method: "PUT", body: { syncEnabled: false } }));
    expect(off).toEqual({
      status: 200,
      body: expect.objectContaining({ webinarId: "81234567890", syncEnabled: false, notSyncedReason: { code: "webinar_off", message: "Not synced: sync is turned off for this webinar." } }),
    });
    expect((await world.db.prisma.webinar.findUniqueOrThrow({ where: { id: webinar.id } })).syncEnabled).toBe(false);
    const bad = await json(await api("/webinars/81234567890", { method: "PUT", body: { syncEnabled: "on" } }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("syncEnabled");
    expect((await api("/webinars/99999999999", { method: "PUT", body: { syncEnabled: true } })).status).toBe(404);
  });

  it("when the sync switch is turned on, then the portal's webinars are queued for a sync", async () => {
    const webinar = await world.db.prisma.webinar.create({ data: { connectionId, zoomWebinarId: "81234567892", topic: "Queued" } });
    const queued = async () =>
      (await world.db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-webinar' AND data->>'webinarId' = $1", [webinar.id]))[0]!.n;
    expect(await queued()).toBe(0);
    await api("/settings", { method: "PUT", body: { webinarSync: { enabled: false } } });
    const afterOff = await queued();
    expect(afterOff).toBeGreaterThan(0);
    // Contact domains do not change which webinars sync: nothing more is queued.
    await api("/settings", { method: "PUT", body: { exclusions: { contactDomains: ["x.example"] } } });
    expect(await queued()).toBe(afterOff);
    await world.db.sql.query("DELETE FROM pgboss.job WHERE name = 'sync-webinar'");
    await api("/settings", { method: "PUT", body: { webinarSync: { enabled: true } } });
    expect(await queued()).toBe(1);
  });

  it("when a domain is not a domain name, then the error names the field and its line in words, echoes the value, and nothing is saved", async () => {
    const before = (await json(await api("/settings"))).body;
    const res = await json(await api("/settings", {
      method: "PUT",
      body: { webinarSync: { enabled: "yes" }, exclusions: { hostDomains: ["ok.example"], contactDomains: ["staff.example", "", "foo bar"] } },
    }));
    expect(res).toEqual({
      status: 400,
      body: {
        errors: [
          { path: "webinarSync.enabled", field: "Webinar sync on or off", value: "yes", message: 'Webinar sync on or off: "yes" must be true or false.' },
          { path: "exclusions.contactDomains.2", field: "Contact domains, line 3", value: "foo bar", message: 'Contact domains, line 3: "foo bar" is not a domain name.' },
        ],
      },
    });
    expect((await json(await api("/settings"))).body).toEqual(before);
  });

  it("when a domain list has blank lines, then they are no entries", async () => {
    const put = await json(await api("/settings", { method: "PUT", body: { exclusions: { hostDomains: ["", "Internal.Example", "  ", ""] } } }));
    expect(put.status).toBe(200);
    expect(put.body.exclusions.hostDomains).toEqual(["internal.example"]);
  });

  it("when sync is on for selected Zoom users with none selected, then 400 says what to do and nothing is saved", async () => {
    const portalRow = () => world.db.prisma.portal.findUniqueOrThrow({ where: { id: BigInt(62515) } });
    await api("/settings", { method: "PUT", body: { webinarSync: { enabled: true, scope: "all", selectedZoomUserIds: [] } } });
    const before = await portalRow();
    const refusal = {
      status: 400,
      body: {
        errors: [
          { path: "webinarSync.selectedZoomUserIds", field: "Selected Zoom users", value: [], message: "Choose at least one Zoom user, or choose All Zoom users." },
        ],
      },
    };
    const empty = await json(await api("/settings", { method: "PUT", body: { webinarSync: { enabled: true, scope: "selected", selectedZoomUserIds: [] } } }));
    expect(empty).toEqual(refusal);
    // Left-out fields keep their values, so "selected" alone is refused the same way.
    expect(await json(await api("/settings", { method: "PUT", body: { webinarSync: { scope: "selected" } } }))).toEqual(refusal);
    expect(await portalRow()).toEqual(before);

    // With sync off, the empty selection is kept (it syncs nothing, and says so: None).
    const off = await json(await api("/settings", { method: "PUT", body: { webinarSync: { enabled: false, scope: "selected", selectedZoomUserIds: [] } } }));
    expect(off).toEqual({ status: 200, body: expect.objectContaining({ webinarSync: { enabled: false, scope: "selected", selectedZoomUserIds: [] } }) });
    expect(await json(await api("/settings", { method: "PUT", body: { webinarSync: { enabled: true } } }))).toEqual(refusal);
    const chosen = await json(await api("/settings", { method: "PUT", body: { webinarSync: { enabled: true, selectedZoomUserIds: ["zu_other"] } } }));
    expect(chosen.body.webinarSync).toEqual({ enabled: true, scope: "selected", selectedZoomUserIds: ["zu_other"] });
  });

  it("when another portal asks for this portal's webinar or settings, then it gets 404 or its own data only", async () => {
    const other = new Browser();
    const { csrfToken } = await install(world, other, OTHER_PORTAL);
    const own = await json(await api("/settings", { as: other }));
    expect(own.body).toEqual(DEFAULTS);
    expect((await json(await api("/webinars", { as: other }))).body).toEqual([]);
    expect((await json(await api("/zoom-users", { as: other }))).body).toEqual([]);
    const res = await api("/webinars/81234567890", { as: other, method: "PUT", body: { syncEnabled: true }, csrf: csrfToken });
    expect(res.status).toBe(404);
    const row = await world.db.prisma.webinar.findFirstOrThrow({ where: { zoomWebinarId: "81234567890" } });
    expect(row.syncEnabled).toBe(false);
    expect((await api("/zoom-users/zu_admin/settings", { as: other, method: "PUT", body: { syncNewWebinarsByDefault: false }, csrf: csrfToken })).status).toBe(404);
  });
});
