import { Browser } from "../helpers/browser";
import { connectZoom, freshPortal, install, startWorld, type World } from "../helpers/world";

/** GET /api/webinars a page at a time (CONTRACT.md §3): limit, after + X-Next-After, host, q, and the 400s. */
describe("webinar list paging, host filter and topic search", () => {
  let world: World;
  let browser: Browser;
  const TOTAL = 250;
  const hostOf = (i: number) => (i % 5 < 3 ? { hostId: "zu_admin", hostEmail: "host@zoomco.example" } : { hostId: "zu_other", hostEmail: "other-host@zoomco.example" });
  const topicOf = (i: number) => (i % 10 === 0 ? `Pricing Deep Dive ${String(i)}` : `Onboarding ${String(i)}`);

  beforeAll(async () => {
    world = await startWorld();
    ({ browser } = await install(world));
    const connectionId = (await connectZoom(world, browser)).id;
    const base = Date.parse("2026-12-01T16:00:00Z");
    await world.db.prisma.webinar.createMany({
      data: Array.from({ length: TOTAL }, (_, i) => ({
        connectionId,
        zoomWebinarId: String(81_000_000_000 + i),
        topic: topicOf(i),
        // Ties on purpose (four webinars a start time) and a few without a start time.
        startTime: i % 25 === 0 ? null : new Date(base - Math.floor(i / 4) * 3_600_000),
        ...hostOf(i),
      })),
    });
    await world.db.prisma.webinar.create({ data: { connectionId, zoomWebinarId: "81999999999", topic: "Pricing gone", deletedAt: new Date() } });
  });
  afterAll(async () => world?.close());

  interface Item { webinarId: string; topic: string; startTime: string | null; hostEmail: string | null }
  const get = async (query: string) => {
    const res = await browser.fetch(`${world.app.url}/api/webinars${query}`);
    return { status: res.status, next: res.headers.get("x-next-after"), body: (await res.json()) as unknown };
  };

  /** Every page from the first, following X-Next-After until it is absent. */
  async function walk(params: Record<string, string>) {
    const pages: Item[][] = [];
    let after: string | null = null;
    for (;;) {
      const query = new URLSearchParams({ ...params, ...(after !== null && { after }) });
      const page = await get(`?${query.toString()}`);
      expect(page.status).toBe(200);
      expect(Array.isArray(page.body)).toBe(true);
      pages.push(page.body as Item[]);
      if (page.next === null) return pages;
      after = page.next;
      expect(pages.length).toBeLessThan(100);
    }
  }

  const startsOf = (items: Item[]) => items.map((w) => (w.startTime === null ? -Infinity : Date.parse(w.startTime)));
  const seeded = (keep: (i: number) => boolean) =>
    Array.from({ length: TOTAL }, (_, i) => i).filter(keep).map((i) => String(81_000_000_000 + i)).sort();

  it("when every page is walked, then each webinar comes once, latest first, and the last page has no X-Next-After", async () => {
    const pages = await walk({ limit: "40" });
    expect(pages.map((p) => p.length)).toEqual([40, 40, 40, 40, 40, 40, 10]);
    const all = pages.flat();
    const ids = all.map((w) => w.webinarId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(seeded(() => true));
    const starts = startsOf(all);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(all.at(-1)?.startTime).toBeNull();
  });

  it("when no limit is given, then a page holds 100; the largest allowed page holds all 250 without a cursor", async () => {
    const first = await get("");
    expect((first.body as Item[]).length).toBe(100);
    expect(first.next).toEqual(expect.any(String));
    const whole = await get("?limit=500");
    expect((whole.body as Item[]).length).toBe(TOTAL);
    expect(whole.next).toBeNull();
  });

  it("when a host is given, then only that Zoom user's webinars come, over every page", async () => {
    const other = (await walk({ host: "zu_other", limit: "30" })).flat();
    expect(other.map((w) => w.webinarId).sort()).toEqual(seeded((i) => hostOf(i).hostId === "zu_other"));
    expect(new Set(other.map((w) => w.hostEmail))).toEqual(new Set(["other-host@zoomco.example"]));
    expect(await get("?host=zu_nobody")).toEqual({ status: 200, next: null, body: [] });
  });

  it("when a topic is searched, then the topics containing it come, case-insensitive, and combine with the host", async () => {
    const pricing = (await walk({ q: "pricing deep", limit: "7" })).flat();
    expect(pricing.map((w) => w.webinarId).sort()).toEqual(seeded((i) => i % 10 === 0));
    const both = (await walk({ q: "PRICING", host: "zu_admin" })).flat();
    expect(both.map((w) => w.webinarId).sort()).toEqual(seeded((i) => i % 10 === 0 && hostOf(i).hostId === "zu_admin"));
    // Characters that mean something to LIKE are plain text here.
    expect((await get("?q=%25")).body).toEqual([]);
  });

  it("when limit or after is bad, then 400 names the parameter", async () => {
    const first = await get("?limit=1");
    const cursor = first.next ?? "";
    const forged = Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url");
    for (const [query, path] of [
      ["?limit=0", "limit"],
      ["?limit=501", "limit"],
      ["?limit=ten", "limit"],
      ["?limit=-1", "limit"],
      ["?limit=1&limit=2", "limit"],
      ["?after=not*a*cursor", "after"],
      [`?after=${forged}`, "after"],
      [`?after=${cursor.slice(0, -3)}`, "after"],
    ]) {
      const res = await get(query ?? "");
      expect({ query, ...res }).toEqual({ query, status: 400, next: null, body: { errors: [{ path, message: expect.any(String) }] } });
    }
  });

  it("when another portal asks, then it sees none of these webinars, even with a cursor from this portal", async () => {
    const cursor = (await get("?limit=1")).next ?? "";
    const { browser: stranger } = await install(world, new Browser(), freshPortal(world));
    const res = await stranger.fetch(`${world.app.url}/api/webinars?after=${cursor}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});
