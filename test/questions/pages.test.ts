import { Browser } from "../helpers/browser";
import { freshPortal, install } from "../helpers/world";
import { startPrivacyWorld, type PrivacyWorld } from "../privacy/harness";
import { webinarWithQuestions } from "./harness";

/** The two registration questions pages over HTTP: what they render, and who may see them. */
describe("registration questions pages", () => {
  let w: PrivacyWorld;
  beforeAll(async () => (w = await startPrivacyWorld()));
  afterAll(async () => w?.close());

  const page = async (path: string, browser: Browser = w.browser) => {
    const res = await browser.fetch(`${w.app.url}${path}`, { headers: { accept: "text/html" } });
    return { status: res.status, html: await res.text() };
  };

  it("when the admin opens a webinar's questions page, then it names the webinar and offers the portal's contact properties", async () => {
    const { webinar } = await webinarWithQuestions(w, { topic: "Pricing deep dive" });
    const { status, html } = await page(`/settings/webinars/${webinar.id}/questions`);
    expect(status).toBe(200);
    expect(html).toContain('<main class="page" id="main" tabindex="-1">');
    expect(html).toContain("Pricing deep dive");
    expect(html).toMatch(/<form id="question-mappings"[^>]*data-kind="webinar"[^>]*data-id="\d+"/);
    expect(html).toContain('<button type="submit" id="save-mappings">Save</button>');
    expect(html).toContain("Zoom's answer wins");
    expect(html).toContain('src="/public/lib.js"');
    expect(html).toContain('src="/public/questions.js"');
    // The portal's contact properties from HubSpot's properties API, but those the app writes itself.
    const properties = JSON.parse(/<script type="application\/json" id="contact-properties">(.*?)<\/script>/s.exec(html)?.[1] ?? "[]") as { name: string }[];
    const names = properties.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["jobtitle", "company", "country"]));
    expect(names).not.toContain("email");
    expect(names).not.toContain("zoom_webinar_joinlink");
    expect(html).toContain('name="csrf-token"');
  });

  it("when the admin opens a Zoom user's defaults page, then it names the user and lists the standard fields", async () => {
    await w.app.services.db.prisma.zoomUser.upsert({
      where: { connectionId_zoomUserId: { connectionId: w.connectionId, zoomUserId: "zu_other" } },
      create: { connectionId: w.connectionId, zoomUserId: "zu_other", email: "other-host@zoomco.example", displayName: "Otto Other" },
      update: {},
    });
    const { status, html } = await page("/settings/zoom-users/zu_other/questions");
    expect(status).toBe(200);
    expect(html).toContain("Otto Other (other-host@zoomco.example)");
    expect(html).toMatch(/data-kind="zoom-user"[^>]*data-id="zu_other"/);
    expect(html).toContain('id="add-custom-question"');
    expect(html).toMatch(/id="standard-fields">\[[^\]]*"job_title"/);
  });

  it("when the script and the stylesheet are asked for, then they are served", async () => {
    for (const asset of ["/public/questions.js", "/public/lib.js", "/public/app.css"]) {
      expect((await fetch(`${w.app.url}${asset}`)).status).toBe(200);
    }
  });

  it("when another portal or nobody opens the pages, then 404 or the sign-in way", async () => {
    const { webinar } = await webinarWithQuestions(w);
    const { browser } = await install(w, new Browser(), freshPortal(w));
    expect((await page(`/settings/webinars/${webinar.id}/questions`, browser)).status).toBe(404);
    expect((await page("/settings/zoom-users/zu_admin/questions", browser)).status).toBe(404);
    const anonymous = await fetch(`${w.app.url}/settings/webinars/${webinar.id}/questions`, { redirect: "manual" });
    expect([302, 401]).toContain(anonymous.status);
  });
});
