import { crmOf } from "@hzw/fakes";
import { SANDBOX_PORTAL_ID } from "../../src/sandbox/accounts";
import type { Browser } from "../helpers/browser";
import { signedInSandbox, type SandboxApp, type SignedInSandbox } from "../helpers/sandbox";

/**
 * Issue #15 point 6 for registration questions: the sandbox panel creates a webinar whose
 * registration form asks standard and custom questions, its registrants answer them, and
 * once mapped the answers reach the simulated portal's contacts.
 */
describe("sandbox: a webinar with registration questions", () => {
  let app: SandboxApp;
  let browser: Browser;
  let form: SignedInSandbox["form"];
  let api: SignedInSandbox["api"];

  const sandbox = () => app.runtime.services.sandbox!;

  beforeAll(async () => {
    ({ app, browser, form, api } = await signedInSandbox({ syncAll: true }));
  }, 60000);
  afterAll(async () => app?.stop());

  it("when the panel creates a webinar with questions and people register, then their mapped answers reach the portal's contacts", async () => {
    expect((await form("/sandbox/webinars", { topic: "Sandbox questions", hostId: "sbx-host-1", startsInMinutes: "60", durationMinutes: "30", kind: "questions" })).status).toBe(303);
    const webinar = sandbox().simulator.webinars().find((w) => w.topic === "Sandbox questions")!;
    expect(webinar.registration_questions?.custom_questions.length).toBeGreaterThan(0);
    const panel = (await browser.go(`${app.baseUrl}/sandbox`)).body;
    expect(panel).toContain("with registration questions");
    expect(panel).toContain(`href="/settings/webinars/${webinar.id}/questions"`);

    // Mapped once the app knows the webinar (its webinar.created is processed by a job).
    const questions = await eventually(async () => {
      const res = await api("GET", `/api/webinars/${webinar.id}/questions`);
      return res.status === 200 ? (res.body as { question: string; kind: string }[]) : undefined;
    });
    expect(questions.map((q) => q.question)).toEqual(expect.arrayContaining(["job_title", "How did you hear about us?"]));
    expect((await api("PUT", `/api/webinars/${webinar.id}/question-mappings`, { mappings: [
      { question: "job_title", property: "jobtitle", overwrite: true },
      { question: "How did you hear about us?", property: "zoom_heard_about_us", overwrite: true, create: true },
    ] })).status).toBe(200);

    expect((await form(`/sandbox/webinars/${webinar.id}/registrants`, { people: "Ann Archer <ann@questions.example>\nBen Baker <ben@questions.example>" })).status).toBe(303);
    const ann = webinar.registrants.find((r) => r.email === "ann@questions.example")!;
    expect(ann.job_title).toBeTruthy();
    const heard = ann.custom_questions?.find((q) => q.title === "How did you hear about us?")?.value;
    expect(heard).toBeTruthy();

    const contact = await eventually(() => {
      const c = [...crmOf(sandbox().hubspot.portal(SANDBOX_PORTAL_ID)).contacts.values()].find((x) => x.properties.email === "ann@questions.example");
      return c?.properties.jobtitle ? c : undefined;
    });
    expect(contact.properties).toMatchObject({ jobtitle: ann.job_title, zoom_heard_about_us: heard });
    // The simulated portal's page shows them.
    const portal = (await browser.go(`${app.baseUrl}/sandbox/portal`)).body;
    expect(portal).toContain("Other properties (registration answers)");
    expect(portal).toContain(`jobtitle: ${ann.job_title ?? "?"}`);
  });
});

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for the sync");
    await new Promise((r) => setTimeout(r, 200));
  }
}
