import { INSTALL_RATE_LIMIT } from "../../src/install/routes";
import { Browser } from "../helpers/browser";
import { startWorld, type World } from "../helpers/world";

/**
 * The anonymous ends of the OAuth flows: /install writes nothing and is rate-limited;
 * the simulated HubSpot and Zoom send a code only to the app's registered redirect URL.
 */
describe("install and authorize pages against abuse", () => {
  let world: World;
  beforeAll(async () => (world = await startWorld()));
  afterAll(async () => world?.close());

  it("when anonymous visitors start the install again and again, then nothing is written until a state comes back, and the install still works once", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await new Browser().fetch(`${world.app.url}/install`);
      expect(res.status).toBe(302);
    }
    expect(await world.db.prisma.oAuthState.count()).toBe(0);

    const browser = new Browser();
    const done = await browser.go(`${world.app.url}/install`);
    expect(done.url).toBe(`${world.app.url}/settings`);
    // The used state's nonce, kept until the state expires (single use).
    expect(await world.db.prisma.oAuthState.count()).toBe(1);
  });

  describe("with an app of its own (the limit counts every start its process saw)", () => {
    let world: World;
    beforeAll(async () => (world = await startWorld()));
    afterAll(async () => world?.close());

    it("when one address starts the install more often than the limit, then 429 with Retry-After and no redirect", async () => {
      const answers: Response[] = [];
      for (let i = 0; i <= INSTALL_RATE_LIMIT.limit; i++) answers.push(await new Browser().fetch(`${world.app.url}/install`));
      expect(answers.slice(0, -1).every((r) => r.status === 302)).toBe(true);
      const refused = answers.at(-1)!;
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.headers.get("location")).toBeNull();
      expect(await refused.text()).toContain("Too many install attempts");
    });
  });

  const authorizeAt = (base: string, params: Record<string, string>) => `${base}/oauth/authorize?${new URLSearchParams(params)}`;

  it("when HubSpot's authorize page is asked to send the code anywhere but the app's callback, then 400, no redirect, no code", async () => {
    const codes = world.hubspot.codes.size;
    const elsewhere = [
      "https://attacker.example/oauth/hubspot/callback",
      `${world.app.url}/oauth/hubspot/callback/../../evil`,
      `${world.app.url}/oauth/zoom/callback`,
    ];
    for (const redirect_uri of elsewhere) {
      const res = await new Browser().fetch(
        authorizeAt(world.hubspot.url, { client_id: world.hubspot.clientId, redirect_uri, scope: "oauth", state: "s", decision: "approve" }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain("not registered");
    }
    expect(world.hubspot.codes.size).toBe(codes);

    const own = await new Browser().fetch(
      authorizeAt(world.hubspot.url, { client_id: world.hubspot.clientId, redirect_uri: `${world.app.url}/oauth/hubspot/callback`, scope: "oauth", state: "s" }),
    );
    expect(own.status).toBe(302);
    expect(new URL(own.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("when Zoom's authorize page is asked to send the code anywhere but the app's callback, then 400, no redirect, no code", async () => {
    const codes = world.zoom.codes.size;
    const params = { response_type: "code", client_id: world.zoom.clientId, state: "s", decision: "approve" };
    const res = await new Browser().fetch(authorizeAt(world.zoom.url, { ...params, redirect_uri: "https://attacker.example/oauth/zoom/callback" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(world.zoom.codes.size).toBe(codes);

    const own = await new Browser().fetch(authorizeAt(world.zoom.url, { ...params, redirect_uri: `${world.app.url}/oauth/zoom/callback` }));
    expect(own.status).toBe(302);
    expect(new URL(own.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });
});
