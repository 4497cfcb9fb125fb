import { install, connectZoom, startWorld, type World } from "../helpers/world";

describe("install smoke", () => {
  let world: World;
  beforeAll(async () => (world = await startWorld()));
  afterAll(async () => world?.close());
  it("installs and connects", async () => {
    const { browser, session } = await install(world);
    expect(session.portalId).toBe(62515);
    const conn = await connectZoom(world, browser);
    expect(conn.accountId).toBe("acct_fake_1");
  });
});
