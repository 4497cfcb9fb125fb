import { ZOOM_ACCOUNT, connectZoom, install, startWorld, type World } from "../helpers/world";
import { Browser } from "../helpers/browser";
import { addPastWebinar } from "@hzw/fakes";
import { daysAgo, finished } from "./harness";

/** Connecting Zoom starts a 90-day backfill of the account's past webinars on its own (CONTRACT.md §11). */
describe("connecting Zoom", () => {
  let world: World;
  beforeAll(async () => (world = await startWorld({ workers: true, env: { BACKFILL_ON_CONNECT_DAYS: "90" } })));
  afterAll(async () => world?.close());

  it("when Zoom is connected, then the past webinars of the last 90 days of every user are imported, once per connection", async () => {
    const host = world.zoom.account(ZOOM_ACCOUNT).users[0]!;
    const other = world.zoom.account(ZOOM_ACCOUNT).users[1]!;
    const recent = addPastWebinar(world.zoom, ZOOM_ACCOUNT, host, { topic: "Last month", startTime: daysAgo(30), registrants: [{ firstName: "Cy", email: "cy@customer.example" }] });
    const others = addPastWebinar(world.zoom, ZOOM_ACCOUNT, other, { topic: "Other host's", startTime: daysAgo(60) });
    addPastWebinar(world.zoom, ZOOM_ACCOUNT, host, { topic: "Long ago", startTime: daysAgo(120) });

    const { browser } = await install(world, new Browser());
    const connection = await connectZoom(world, browser);
    const [backfill, ...more] = await world.db.prisma.backfill.findMany({ where: { connectionId: connection.id } });
    expect(more).toHaveLength(0);
    expect(backfill).toMatchObject({ days: 90, zoomUserId: null });

    const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as { csrfToken: string };
    const p = { browser, csrfToken: session.csrfToken };
    const state = await finished(world, p as never, backfill!.id);
    expect(state).toMatchObject({ status: "done", webinarsFound: 2, webinarsImported: 2, zoomUserId: null });
    const rows = await world.db.prisma.webinar.findMany({ where: { connectionId: connection.id } });
    expect(rows.map((w) => w.zoomWebinarId).sort()).toEqual([recent.webinar.id, others.webinar.id].sort());

    // Connecting the same Zoom account again starts none.
    await connectZoom(world, browser);
    expect(await world.db.prisma.backfill.count({ where: { connectionId: connection.id } })).toBe(1);
  });
});
