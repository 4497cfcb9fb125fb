import http from "node:http";
import type { AddressInfo } from "node:net";
import { secondaryEmails } from "../../src/hubspot/contacts";
import { hubspotErrorKind, HubSpotError, isPermanent, outcomeUnknown } from "../../src/hubspot/errors";
import { RateBudgetFull } from "../../src/hubspot/budget";
import type { WriterOptions } from "../../src/hubspot/writer";
import { HttpError, httpRequest, NetworkError } from "../../src/lib/http-client";
import { createContact, crmOf, FakeHubSpot } from "@hzw/fakes";
import { syncWebinar } from "../../src/sync/sync-webinar";
import { zoomErrorKind } from "../../src/zoom/errors";
import { PORTAL_ID, startWorld, type World } from "../helpers/world";
import { auditOf, buildWebinar, installAndConnect, register } from "./factories";

/**
 * Issue #12 point 6: one error classification per outside service, one retry layer per
 * HubSpot call (the writer; the HTTP client does not retry it; the job only for
 * transient errors), and the secondary-email lookup of a portal with 50,000 such contacts
 * within HubSpot's 10,000-result cap and its search limit of 5 per second.
 */
const httpError = (status: number, body: unknown = {}) => new HttpError(status, body, new Headers(), { method: "GET", url: "https://x/y" });

describe("one classification per outside service", () => {
  it("sorts HubSpot's answers into transient, auth, not_found and refused, and leaves other errors to the job", () => {
    expect([429, 500, 502, 503, 504].map((s) => hubspotErrorKind(new HubSpotError(httpError(s))))).toEqual(Array(5).fill("transient"));
    expect([401, 403].map((s) => hubspotErrorKind(new HubSpotError(httpError(s))))).toEqual(["auth", "auth"]);
    expect(hubspotErrorKind(new HubSpotError(httpError(404)))).toBe("not_found");
    expect([400, 409, 422].map((s) => hubspotErrorKind(new HubSpotError(httpError(s, { category: "VALIDATION_ERROR" }))))).toEqual(Array(3).fill("refused"));
    expect(hubspotErrorKind(new NetworkError("reset", { method: "POST", url: "https://x" }))).toBe("transient");
    expect(hubspotErrorKind(new RateBudgetFull(1000))).toBe("transient");
    expect(hubspotErrorKind(new Error("database connection lost"))).toBe("internal");
    expect(isPermanent(new Error("database connection lost"))).toBe(false);
    expect(isPermanent(httpError(400))).toBe(true);
  });

  it("sorts Zoom's answers the same way, with Zoom's own codes", () => {
    expect(zoomErrorKind(httpError(429, { code: 429, message: "Too many requests" }))).toBe("transient");
    expect(zoomErrorKind(httpError(429, { message: "You have reached the maximum daily registrant limit for this registrant" }))).toBe("refused");
    expect(zoomErrorKind(httpError(400, { code: 124, message: "Invalid access token." }))).toBe("auth");
    expect(zoomErrorKind(httpError(404, { code: 3001, message: "Webinar does not exist" }))).toBe("not_found");
    expect(zoomErrorKind(httpError(400, { code: 3027, message: "Host cannot register" }))).toBe("refused");
    expect(zoomErrorKind(httpError(503))).toBe("transient");
  });

  it("tells a request that never left (connection refused) from one whose answer was lost", async () => {
    const server = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const lost = await httpRequest({ method: "POST", url, json: {} }, { retries: 0 }).catch((e: unknown) => e);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = await httpRequest({ method: "POST", url, json: {} }, { retries: 0 }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(NetworkError);
    expect(refused).toBeInstanceOf(NetworkError);
    expect([outcomeUnknown(lost), outcomeUnknown(refused)]).toEqual([true, false]);
    expect([outcomeUnknown(httpError(503)), outcomeUnknown(httpError(429)), outcomeUnknown(httpError(502))]).toEqual([false, false, true]);
  });
});

describe("HubSpot's retry layer and search limit", () => {
  let world: World;
  let connectionId: string;
  const USERS = "/settings/users/2026-03";
  const SEARCH = "/crm/objects/2026-09/contacts/search";

  beforeAll(async () => {
    world = await startWorld();
    ({ connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());
  afterEach(() => world.hubspot.clearFaults());

  const writer = (options: WriterOptions = {}) => world.app.services.hubspotApi(BigInt(PORTAL_ID), options);

  it("when HubSpot keeps answering 503, then the writer tries 4 times in all (nothing retries below it) and gives up", async () => {
    world.hubspot.inject({ method: "GET", path: USERS, status: 503, times: 20 });
    const before = world.hubspot.callsTo("GET", USERS).length;
    await expect(writer({ baseDelayMs: 1 }).call("GET", USERS, { query: { limit: 1 } })).rejects.toMatchObject({ status: 503 });
    expect(world.hubspot.callsTo("GET", USERS).length - before).toBe(4);
  });

  it("when HubSpot answers a permanent error (401, 403, 404, 400), then it is sent once", async () => {
    for (const status of [401, 403, 404, 400]) {
      world.hubspot.inject({ method: "GET", path: USERS, status, body: { category: "X", message: "no" }, times: 5 });
      const before = world.hubspot.callsTo("GET", USERS).length;
      await expect(writer({ baseDelayMs: 1 }).call("GET", USERS)).rejects.toMatchObject({ status });
      expect([status, world.hubspot.callsTo("GET", USERS).length - before]).toEqual([status, 1]);
      world.hubspot.clearFaults();
    }
  });

  it("when HubSpot refuses a sync's search for good, then the search is sent once and the sync ends reported, without failing its job", async () => {
    const w = await buildWebinar(world, connectionId);
    await register(world, w.id, { email: "new-person@refused.example" });
    world.hubspot.inject({ method: "POST", path: SEARCH, status: 400, body: { category: "VALIDATION_ERROR", message: "Search refused" }, times: 5 });
    const before = world.hubspot.callsTo("POST", SEARCH).length;

    await expect(syncWebinar(world.app.services, w.id)).resolves.toMatchObject({ status: "synced" });

    expect(world.hubspot.callsTo("POST", SEARCH).length - before).toBe(1);
    expect((await auditOf(world, w.id)).find((e) => e.code === "SYNC_ERROR")?.message).toMatch(/Search refused/);
  });

  it("when more than 5 searches arrive within a second, then the fake HubSpot answers 429, and searches do not count in the ten-secondly window", async () => {
    // A fake of its own: its windows start empty.
    const fake = new FakeHubSpot({ rateLimit: { max: 3, windowMs: 10_000 } });
    await fake.start();
    try {
      fake.addPortal(1);
      fake.accessTokens.set("tok", { hubId: 1, expiresAt: Date.now() + 60_000 });
      const headers = { authorization: "Bearer tok" };
      const search = () =>
        httpRequest({ method: "POST", url: `${fake.url}${SEARCH}`, headers, json: { filterGroups: [], properties: [], sorts: [], limit: 1 } }, { retries: 0 })
          .then((r) => r.status, (e: unknown) => (e as HttpError).status);
      const statuses = await Promise.all(Array.from({ length: 7 }, search));
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(2);
      // The three calls of the ten-secondly window are all still there.
      const users = await Promise.all(Array.from({ length: 3 }, () => httpRequest({ url: `${fake.url}${USERS}`, headers }, { retries: 0 }).then((r) => r.status)));
      expect(users).toEqual([200, 200, 200]);
    } finally {
      await fake.stop();
    }
  });

  it("when 12 searches are sent through the writer at once, then its search budget keeps them under HubSpot's 5 per second", async () => {
    world.hubspot.rateLimited.delete(PORTAL_ID);
    const w = writer();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => w.call<{ total: number }>("POST", SEARCH, { json: { filterGroups: [], properties: [], sorts: [], limit: 1 } })),
    );
    expect(answers.every((a) => typeof a.total === "number")).toBe(true);
    expect(world.hubspot.rateLimited.get(PORTAL_ID) ?? 0).toBe(0);
    expect(w.calls).toBe(12);
  });

  it("when the portal has 50,000 contacts with secondary emails, then every one is found (keyset paging, no search past 10,000 results)", async () => {
    const crm = crmOf(world.hubspot.portal(PORTAL_ID));
    for (let i = 0; i < 50_000; i++) createContact(crm, { email: `main${i}@many.example`, hs_additional_emails: `alt${i}@many.example;alt${i}b@many.example` });
    const savedSearch = world.hubspot.searchRateLimit;
    // A faster fake and budget only to keep the test short; the paging is the same.
    world.hubspot.searchRateLimit = { max: 1000, windowMs: 1000 };
    try {
      const before = world.hubspot.callsTo("POST", SEARCH).length;
      const found = await secondaryEmails(writer({ searchBudget: { max: 1000, windowMs: 1000 } }));
      expect(found.size).toBe(100_000);
      expect(found.has("alt0@many.example") && found.has("alt49999b@many.example")).toBe(true);
      const searches = world.hubspot.callsTo("POST", SEARCH).slice(before);
      // 250 full pages of 200 and the empty one that ends the walk; never a cursor.
      expect(searches).toHaveLength(251);
      expect(searches.every((c) => (c.body as { after?: unknown }).after === undefined)).toBe(true);
    } finally {
      world.hubspot.searchRateLimit = savedSearch;
    }
  }, 120_000);
});
