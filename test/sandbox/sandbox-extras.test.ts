import { portalView } from "../../src/sandbox/portal-view";
import { SANDBOX_PORTAL_ID } from "../../src/sandbox/accounts";
import type { Browser } from "../helpers/browser";
import { signedInSandbox, type SandboxApp, type SignedInSandbox } from "../helpers/sandbox";

/**
 * Issue #15 in the sandbox: the panel creates a recurring webinar (two occurrences) and a
 * Zoom Events webinar, and lets registrants join with the emails Zoom hides; the
 * simulated portal and the audit log show what the app made of each.
 */
describe("sandbox panel: recurring webinars, Zoom Events and hidden emails", () => {
  let app: SandboxApp;
  let browser: Browser;
  let form: SignedInSandbox["form"];
  let api: SignedInSandbox["api"];

  const sandbox = () => app.runtime.services.sandbox!;
  const page = async (path: string) => (await browser.go(`${app.baseUrl}${path}`)).body;
  const create = async (topic: string, kind: string) => {
    expect((await form("/sandbox/webinars", { topic, hostId: "sbx-host-1", startsInMinutes: "0", durationMinutes: "30", kind })).status).toBe(303);
    return sandbox().simulator.webinars().find((w) => w.topic === topic)!;
  };
  const auditOf = async (topic: string) => {
    const listed = (await api("GET", "/api/webinars")).body as { webinarId: string; topic: string }[];
    const row = listed.find((w) => w.topic === topic);
    if (!row) return [];
    return (await api("GET", `/api/webinars/${row.webinarId}/audit`)).body as { code: string; message: string; details: any }[];
  };

  beforeAll(async () => {
    ({ app, browser, form, api } = await signedInSandbox({ syncAll: true }));
  }, 60000);
  afterAll(async () => app?.stop());

  it("when a recurring webinar runs twice with hidden emails, then its people attended one webinar, matched through their registration", async () => {
    const webinar = await create("Weekly sandbox clinic", "recurring");
    expect(webinar.occurrences).toHaveLength(2);
    expect(await page("/sandbox")).toContain("recurring, 2 occurrences");
    expect((await form(`/sandbox/webinars/${webinar.id}/registrants`, { people: "Ann Archer <ann@series.example>\nBen Baker <ben@series.example>" })).status).toBe(303);
    // First occurrence: Zoom hides their emails.
    expect((await form(`/sandbox/webinars/${webinar.id}/join`, { minute: "0", hideEmails: "on" })).status).toBe(303);
    expect((await form(`/sandbox/webinars/${webinar.id}/end`, { minute: "30" })).status).toBe(303);
    // The series waits for its second occurrence; Ann comes again.
    expect(await page("/sandbox")).not.toMatch(/webinar-status">ended</);
    expect((await form(`/sandbox/webinars/${webinar.id}/join`, { minute: "0", hideEmails: "on" })).status).toBe(303);
    expect((await form(`/sandbox/webinars/${webinar.id}/end`, { minute: "30" })).status).toBe(303);
    expect(await page("/sandbox")).toMatch(/webinar-status">ended</);

    const view = await eventually(() => {
      const v = portalView(sandbox().hubspot, SANDBOX_PORTAL_ID);
      const event = v.events.find((e) => e.externalEventId === webinar.id);
      return event?.status === "completed" && event.counts.attend === 2 ? v : undefined;
    });
    const event = view.events.find((e) => e.externalEventId === webinar.id)!;
    expect(event.start).toBe(new Date(webinar.occurrences![0]!.start_time).toISOString());
    const ann = view.contacts.find((c) => c.email === "ann@series.example")!;
    expect(ann.values.slice(0, 2)).toEqual(["1", "1"]);
    // The run's SYNCED entry is written once its writes are done: after HubSpot shows the completed event.
    const synced = await eventually(async () => (await auditOf("Weekly sandbox clinic")).find((e) => e.code === "SYNCED" && e.details.counts.attendees === 2));
    expect(synced.details.counts.matchedByRegistrantId).toBe(2);
    expect(synced.message).toContain("2 attendees without an email in Zoom's data were matched to their registration.");
  }, 120000);

  it("when a Zoom Events webinar runs, then nothing reaches the portal and its audit log says why", async () => {
    const webinar = await create("Sandbox events hub session", "zoom_events");
    expect(await page("/sandbox")).toContain("Zoom Events");
    expect((await form(`/sandbox/webinars/${webinar.id}/registrants`, { people: "Eve Event <eve@events.example>" })).status).toBe(303);
    expect((await form(`/sandbox/webinars/${webinar.id}/join`, { minute: "0" })).status).toBe(303);
    expect((await form(`/sandbox/webinars/${webinar.id}/end`, { minute: "30" })).status).toBe(303);
    const audit = await eventually(async () => {
      const entries = await auditOf("Sandbox events hub session");
      return entries.find((e) => e.code === "SYNC_DISABLED") ? entries : undefined;
    });
    expect(audit.find((e) => e.code === "SYNC_DISABLED")).toMatchObject({ details: { reason: "zoom_events" } });
    expect(audit.some((e) => e.code === "SYNCED")).toBe(false);
    const view = portalView(sandbox().hubspot, SANDBOX_PORTAL_ID);
    expect(view.events.some((e) => e.externalEventId === webinar.id)).toBe(false);
    expect(view.contacts.some((c) => c.email === "eve@events.example")).toBe(false);
  }, 120000);
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
