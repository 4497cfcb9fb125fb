import { setTimeout as sleep } from "node:timers/promises";
import { crmOf, eventKey } from "@hzw/fakes";
import { SANDBOX_PORTAL_ID, SANDBOX_ZOOM_ACCOUNT } from "../../src/sandbox/accounts";
import type { Browser } from "../helpers/browser";
import { signedInSandbox, type SandboxApp, type SignedInSandbox } from "../helpers/sandbox";

/**
 * Issue #15 point 6 in the sandbox: the panel creates a past webinar the app never heard
 * of; connecting Zoom started a backfill of its own, and "Import past webinars" (the
 * settings page's API) brings the past webinar in and on to the simulated portal.
 */
describe("sandbox: past webinars to import", () => {
  let app: SandboxApp;
  let browser: Browser;
  let form: SignedInSandbox["form"];
  let api: SignedInSandbox["api"];

  const sandbox = () => app.runtime.services.sandbox!;
  const until = async <T>(what: () => Promise<T | false | undefined>) => {
    const end = Date.now() + 60_000;
    for (;;) {
      const v = await what();
      if (v) return v;
      if (Date.now() > end) throw new Error("timed out waiting");
      await sleep(100);
    }
  };

  beforeAll(async () => {
    ({ app, browser, form, api } = await signedInSandbox({ syncAll: true }));
  }, 60000);
  afterAll(async () => app?.stop());

  it("when the panel creates a past webinar and the admin imports past webinars, then it reaches the simulated portal with its registrants and attendees", async () => {
    // Connecting Zoom started a 90-day backfill of the whole account on its own.
    const [onConnect] = (await api("GET", "/api/backfill")).body.backfills as Record<string, unknown>[];
    expect(onConnect).toMatchObject({ zoomUserId: null, days: 90 });
    await until(async () => (await api("GET", `/api/backfill/${onConnect!.backfillId as string}`)).body.status === "done");

    const host = sandbox().zoom.account(SANDBOX_ZOOM_ACCOUNT).users[0]!;
    const created = await form("/sandbox/past-webinars", {
      topic: "Autumn product tour",
      hostId: host.id,
      daysAgo: "12",
      durationMinutes: "45",
      people: "Ada Lovelace <ada@past.example>\nBen Baker <ben@past.example>\nCy Young <cy@past.example>",
    });
    expect(created.status).toBe(303);
    const panel = (await browser.go(`${app.baseUrl}/sandbox`)).body;
    expect(panel).toContain("Created the past webinar &#34;Autumn product tour&#34;");
    expect(panel).toContain("3 registered, 2 attended");
    const webinar = sandbox().simulator.webinars().find((w) => w.topic === "Autumn product tour")!;
    expect(webinar.status).toBe("ended");
    expect((await api("GET", "/api/webinars")).body.some?.((w: { topic: string }) => w.topic === "Autumn product tour")).toBeFalsy();

    const settings = (await browser.go(`${app.baseUrl}/settings`)).body;
    expect(settings).toContain('id="backfill-heading"');
    const started = await api("POST", "/api/backfill", { zoomUserId: host.id, days: 30 });
    expect(started.status).toBe(202);
    const done = await until(async () => {
      const s = (await api("GET", `/api/backfill/${started.body.backfillId as string}`)).body;
      return s.status !== "running" && s;
    });
    expect(done).toMatchObject({ status: "done", webinarsFound: 1, webinarsImported: 1 });

    const crm = crmOf(sandbox().hubspot.portal(SANDBOX_PORTAL_ID));
    const attendance = () => [...(crm.attendance.get(eventKey(SANDBOX_ZOOM_ACCOUNT, webinar.id))?.values() ?? [])].map((a) => `${a.state} ${a.email}`).sort();
    await until(async () => attendance().length === 5);
    expect(attendance()).toEqual(["attend ada@past.example", "attend ben@past.example", "register ada@past.example", "register ben@past.example", "register cy@past.example"]);
  });

  it("when the past webinar form is wrong, then the panel says why and creates nothing", async () => {
    const before = sandbox().simulator.webinars().length;
    const res = await form("/sandbox/past-webinars", { topic: "", hostId: "nobody", daysAgo: "0", durationMinutes: "45" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Give the webinar a topic");
    expect(sandbox().simulator.webinars()).toHaveLength(before);
  });
});
