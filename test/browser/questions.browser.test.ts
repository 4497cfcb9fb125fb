import type { Browser, Page } from "playwright-core";
import { expectNoSeriousViolations, launchBrowser, screenshot, startSandboxApp } from "./harness";

/**
 * The registration questions pages (issue #15 point 2) clicked through in a real browser,
 * in sandbox mode: a webinar with questions created on the panel, its questions mapped
 * with the property pickers and saved with one Save, a refusal named by its question, and
 * a Zoom user's defaults with a custom question added.
 */
describe("registration questions pages in a real browser (sandbox mode)", () => {
  let app: Awaited<ReturnType<typeof startSandboxApp>>;
  let browser: Browser;
  let page: Page;
  const url = (path: string) => `${app.baseUrl}${path}`;
  const TOPIC = "Questions in the browser";
  let zoomWebinarId: string;

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(app.baseUrl);
    await page.getByRole("link", { name: "Install in HubSpot" }).click();
    await page.getByRole("link", { name: "Connect app" }).click();
    await page.waitForURL(url("/settings"));
    await page.getByRole("link", { name: "Connect Zoom" }).click();
    await page.getByRole("link", { name: "Allow" }).click();
    await page.waitForURL(url("/settings"));

    await page.goto(url("/sandbox"));
    await page.getByLabel("Topic", { exact: true }).fill(TOPIC);
    await page.getByLabel("Kind").selectOption("questions");
    await page.getByRole("button", { name: "Create webinar" }).click();
    await page.waitForURL(url("/sandbox"));
    const link = page.getByRole("link", { name: "Map its registration questions to HubSpot properties" }).first();
    zoomWebinarId = /\/settings\/webinars\/(\d+)\/questions/.exec((await link.getAttribute("href")) ?? "")?.[1] ?? "";
    // The app knows the webinar once its webinar.created is processed (a job): the page is found then.
    for (let i = 0; ; i++) {
      const res = await page.request.get(url(`/settings/webinars/${zoomWebinarId}/questions`));
      if (res.status() === 200) break;
      if (i === 300) throw new Error(`the questions page never came: ${res.status()}`);
      await page.waitForTimeout(100);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("when the admin maps two questions and saves, then the mappings are saved and shown again after a reload", async () => {
    await page.goto(url(`/settings/webinars/${zoomWebinarId}/questions`));
    await page.locator('#questions tr[data-question="job_title"]').waitFor();
    await expectNoSeriousViolations(page);
    await page.getByLabel('HubSpot contact property for "Job title"').selectOption("jobtitle");
    await page.getByLabel(`Zoom's answer wins for "Job title"`).check();
    await page.getByLabel('HubSpot contact property for "How did you hear about us?"').selectOption("company");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#mappings-saved", { hasText: "Saved." }).waitFor();
    await screenshot(page, "questions-webinar-saved");

    await page.reload();
    await page.locator('#questions tr[data-question="job_title"]').waitFor();
    expect(await page.getByLabel('HubSpot contact property for "Job title"').inputValue()).toBe("jobtitle");
    expect(await page.getByLabel(`Zoom's answer wins for "Job title"`).isChecked()).toBe(true);
    expect(await page.getByLabel('HubSpot contact property for "How did you hear about us?"').inputValue()).toBe("company");
    expect(await page.getByLabel(`Zoom's answer wins for "How did you hear about us?"`).isChecked()).toBe(false);
  });

  it("when a question left the webinar's form in Zoom meanwhile, then Save is refused and the error names the question", async () => {
    await page.goto(url(`/settings/webinars/${zoomWebinarId}/questions`));
    await page.locator('#questions tr[data-question="org"]').waitFor();
    await page.getByLabel('HubSpot contact property for "Organization"').selectOption("company");
    // The host removes the question in Zoom while the page is open.
    const webinar = app.runtime.services.sandbox!.simulator.webinar(zoomWebinarId);
    webinar.registration_questions!.questions = webinar.registration_questions!.questions.filter((q) => q.field_name !== "org");
    await page.getByRole("button", { name: "Save" }).click();
    const errors = page.locator("#question-errors");
    await errors.locator("li").first().waitFor();
    expect(await errors.innerText()).toMatch(/Organization: "org" is not a registration question of this webinar/);
    expect(await page.locator("#mappings-saved").innerText()).toBe("");
    await screenshot(page, "questions-webinar-refused");
  });

  it("when the admin sets a Zoom user's defaults with a custom question, then they are saved", async () => {
    await page.goto(url("/settings/zoom-users/sbx-host-1/questions"));
    await page.locator('#questions tr[data-question="job_title"]').waitFor();
    await page.getByLabel("Custom question title").fill("Your team size?");
    await page.getByRole("button", { name: "Add custom question" }).click();
    await page.getByLabel('HubSpot contact property for "Your team size?"').selectOption("industry");
    await page.getByLabel('HubSpot contact property for "Phone"').selectOption("phone");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#mappings-saved", { hasText: "Saved." }).waitFor();
    await expectNoSeriousViolations(page);
    const res = await page.request.get(url("/api/zoom-users/sbx-host-1/question-mappings"));
    expect(await res.json()).toEqual({ mappings: expect.arrayContaining([
      { question: "Your team size?", property: "industry", overwrite: false },
      { question: "phone", property: "phone", overwrite: false },
    ]) });
  });
});
