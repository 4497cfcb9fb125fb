import timers from "node:timers/promises";
import { HttpError } from "../../src/lib/http-client";
import { connectZoom, install, startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";

describe("Zoom and HubSpot API clients", () => {
  let world: World;
  let connectionId: string;
  beforeAll(async () => {
    world = await startWorld();
    const { browser } = await install(world);
    connectionId = (await connectZoom(world, browser)).id;
  });
  afterAll(async () => world?.close());
  beforeEach(() => world.zoom.clearFaults());

  const zoom = () => world.app.services.zoomApi(connectionId);
  const meCalls = () => world.zoom.callsTo("GET", "/v2/users/me").length;

  it("when Zoom answers 429 with Retry-After, then the client waits that long and retries", async () => {
    world.zoom.inject({ path: "/v2/users/me", status: 429, headers: { "retry-after": "1" }, body: { code: 429, message: "Too many requests" } });
    const before = meCalls();
    // The waits the client asks the timer for (they still run for real).
    const waits = jest.spyOn(timers, "setTimeout");
    try {
      const me = await zoom().get<{ id: string }>("/users/me");
      expect(me.id).toBe("zu_admin");
      expect(waits).toHaveBeenCalledWith(1000);
    } finally {
      waits.mockRestore();
    }
    expect(meCalls() - before).toBe(2);
  });

  it("when Zoom fails with 5xx or drops the connection, then the call is retried until it succeeds", async () => {
    world.zoom.inject({ path: "/v2/users/me", status: 502, times: 2 });
    world.zoom.inject({ path: "/v2/users/me", drop: true });
    const before = meCalls();
    await expect(zoom().get("/users/me")).resolves.toMatchObject({ account_id: ZOOM_ACCOUNT });
    expect(meCalls() - before).toBe(4);
  });

  it("when Zoom answers 404, then it is not retried", async () => {
    world.zoom.inject({ path: "/v2/users/me", status: 404, body: { code: 1001, message: "User does not exist" } });
    const before = meCalls();
    const err = await zoom().get("/users/me").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(404);
    expect((err as HttpError).message).toContain("1001 User does not exist");
    expect(meCalls() - before).toBe(1);
  });

  it("when a list has several pages, then every page is fetched with next_page_token", async () => {
    const account = world.zoom.account(ZOOM_ACCOUNT);
    const extra = Array.from({ length: 650 }, (_, i) => ({ id: `zu_${i}`, email: `u${i}@zoomco.example`, first_name: "U", last_name: String(i), type: 1 }));
    account.users.push(...extra);
    try {
      const before = world.zoom.callsTo("GET", "/v2/users").length;
      const users = await zoom().list<{ id: string }>("/users", "users");
      expect(users).toHaveLength(652);
      expect(new Set(users.map((u) => u.id)).size).toBe(652);
      const pages = world.zoom.callsTo("GET", "/v2/users").slice(before);
      expect(pages).toHaveLength(3);
      expect(pages[0]!.query.next_page_token).toBeUndefined();
      expect(pages[1]!.query.next_page_token).toEqual(expect.any(String));
    } finally {
      account.users.splice(2);
    }
  });

  it("when HubSpot rate-limits a call, then it is retried and succeeds", async () => {
    world.hubspot.inject({ path: "/crm/properties/2026-09/contacts/groups/zoom", status: 429, headers: { "retry-after": "1" }, body: { status: "error", policyName: "TEN_SECONDLY_ROLLING" } });
    const group = await world.app.services.hubspotApi(BigInt(62515)).call<{ name: string }>("GET", "/crm/properties/2026-09/contacts/groups/zoom");
    expect(group.name).toBe("zoom");
  });

  it("when HubSpot rate-limits a call outside the sync, then the portal's shared budget pauses every caller, the sync's included", async () => {
    world.hubspot.inject({ path: "/crm/properties/2026-09/contacts/groups/zoom", status: 429, headers: { "retry-after": "2" }, body: { status: "error", policyName: "TEN_SECONDLY_ROLLING" } });
    const refused = world.app.services.hubspotApi(BigInt(62515), { attempts: 1 }).call("GET", "/crm/properties/2026-09/contacts/groups/zoom");
    await expect(refused).rejects.toMatchObject({ status: 429 });
    const [budget] = await world.db.prisma.$queryRaw<{ stamps: bigint[]; blocked_until: bigint }[]>`
      SELECT stamps, blocked_until FROM hubspot_rate_budgets WHERE portal_id = 62515`;
    if (!budget) throw new Error("no rate budget row for the portal");
    expect(budget.stamps.length).toBeGreaterThan(0);
    // The pause runs the 2 s HubSpot asked for, from after the refused call was sent.
    expect(budget.blocked_until - budget.stamps.at(-1)!).toBeGreaterThanOrEqual(2000n);
    const before = world.hubspot.callsTo("GET", "/crm/properties/2026-09/contacts/groups/zoom").length;
    await world.app.services.hubspotApi(BigInt(62515)).call("GET", "/crm/properties/2026-09/contacts/groups/zoom");
    expect(world.hubspot.callsTo("GET", "/crm/properties/2026-09/contacts/groups/zoom").length - before).toBe(1);
    // Its slot was granted (its send time booked) only once the pause was over.
    const [after] = await world.db.prisma.$queryRaw<{ stamps: bigint[] }[]>`SELECT stamps FROM hubspot_rate_budgets WHERE portal_id = 62515`;
    expect(after!.stamps.at(-1)! >= budget.blocked_until).toBe(true);
  });
});
