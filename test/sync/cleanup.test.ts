import { syncWebinar } from "../../src/sync/sync-webinar";
import { PORTAL_ID, startWorld, type World } from "../helpers/world";
import { attend, buildWebinar, installAndConnect, register } from "./factories";

/** What a sync notes down about its writes goes with the webinar and the portal it belongs to. */
describe("sync records and deletions", () => {
  let world: World;
  let connectionId: string;

  beforeAll(async () => {
    world = await startWorld();
    ({ connection: { id: connectionId } } = await installAndConnect(world));
  });
  afterAll(async () => world?.close());

  it("when a webinar and then the portal are deleted, then their sync marks and written contacts are deleted with them", async () => {
    const keep = await buildWebinar(world, connectionId);
    const gone = await buildWebinar(world, connectionId);
    for (const w of [keep, gone]) {
      await register(world, w.id, { email: `reg-${w.zoomWebinarId}@customer.example` });
      await attend(world, w.id, { email: `reg-${w.zoomWebinarId}@customer.example` }, [[0, 30]]);
      expect((await syncWebinar(world.app.services, w.id)).status).toBe("synced");
    }
    const marks = (webinarId: string) => world.db.prisma.syncMark.count({ where: { webinarId } });
    expect(await marks(gone.id)).toBeGreaterThan(0);
    expect(await world.db.prisma.hubSpotContact.count({ where: { portalId: BigInt(PORTAL_ID) } })).toBe(2);

    await world.db.prisma.webinar.delete({ where: { id: gone.id } });
    expect(await marks(gone.id)).toBe(0);
    expect(await marks(keep.id)).toBeGreaterThan(0);

    await world.db.prisma.portal.delete({ where: { id: BigInt(PORTAL_ID) } });
    expect(await world.db.prisma.hubSpotContact.count({ where: { portalId: BigInt(PORTAL_ID) } })).toBe(0);
    expect(await marks(keep.id)).toBe(0);
  });
});
