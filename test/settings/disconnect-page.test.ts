import { Browser } from "../helpers/browser";
import { connectZoom, install, startWorld, type World } from "../helpers/world";

/** "Disconnect Zoom" asks first: GET /settings/zoom/disconnect says what stops and what is kept; the POST needs the CSRF token. */
describe("the Disconnect Zoom confirmation page", () => {
  let world: World;
  let browser: Browser;
  let csrf: string;
  const PORTAL = 62515;
  const zoomRow = () => world.db.prisma.zoomConnection.findFirstOrThrow({ where: { portalId: BigInt(PORTAL) } });

  beforeAll(async () => {
    world = await startWorld();
    ({ browser, csrfToken: csrf } = await install(world));
    await connectZoom(world, browser);
  });
  afterAll(async () => world?.close());

  const post = (body: Record<string, string>) =>
    browser.fetch(`${world.app.url}/settings/zoom/disconnect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body).toString(),
    });

  it("when the admin opens it, then it says what stops and what is kept, with a form that posts the CSRF token and a way back", async () => {
    const res = await browser.fetch(`${world.app.url}/settings/zoom/disconnect`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Disconnect Zoom?</h1>");
    expect(html).toMatch(/Syncing of webinars to HubSpot/);
    expect(html).toMatch(/workflow action "Add contact to Zoom webinar" for this portal/);
    expect(html).toMatch(/Zoom tokens are deleted/);
    expect(html).toMatch(/What is kept/);
    expect(html).toMatch(/<form method="post" action="\/settings\/zoom\/disconnect"/);
    expect(html).toContain(`name="_csrf" value="${csrf}"`);
    expect(html).toMatch(/<a [^>]*id="cancel-disconnect" href="\/settings"/);
    // Opening the page changes nothing.
    expect((await zoomRow()).status).toBe("active");
  });

  it("when the page is asked for without a session, then it is not shown", async () => {
    const res = await new Browser().fetch(`${world.app.url}/settings/zoom/disconnect`);
    expect([302, 401]).toContain(res.status);
  });

  it("when the form is posted without or with a wrong CSRF token, then 403 and Zoom stays connected", async () => {
    expect((await post({})).status).toBe(403);
    expect((await post({ _csrf: "nope" })).status).toBe(403);
    expect((await zoomRow()).status).toBe("active");
  });

  it("when the form is posted with the CSRF token, then the tokens are deleted and the page goes back to the settings", async () => {
    const res = await post({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings");
    expect(await zoomRow()).toMatchObject({ status: "disconnected", accessToken: null, refreshToken: null });
    // With Zoom disconnected there is nothing to confirm: back to the settings.
    const again = await browser.fetch(`${world.app.url}/settings/zoom/disconnect`);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/settings");
  });
});
