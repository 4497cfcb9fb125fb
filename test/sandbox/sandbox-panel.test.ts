import { webinarActivity } from "@hzw/fakes";
import { portalView } from "../../src/sandbox/portal-view";
import { SANDBOX_PORTAL_ID } from "../../src/sandbox/accounts";
import { Browser } from "../helpers/browser";
import { clickConsent, startSandboxApp, type SandboxApp } from "../helpers/sandbox";

/**
 * The sandbox panel drives the simulated Zoom account; every step reaches the app as a
 * signed webhook, and the simulated HubSpot portal shows what the sync wrote.
 */
describe("sandbox panel and simulated portal", () => {
  let app: SandboxApp;
  let browser: Browser;
  let csrf: string;
  let panelBeforeZoom: string;
  const TOPIC = `<script>alert("x")</script> Launch & learn`;

  const sandbox = () => app.runtime.services.sandbox!;
  const form = (path: string, fields: Record<string, string>, token = csrf) =>
    browser.fetch(`${app.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...fields }).toString(),
    });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await browser.fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  };
  const page = async (path: string) => (await browser.go(`${app.baseUrl}${path}`)).body;

  beforeAll(async () => {
    app = await startSandboxApp();
    browser = new Browser();
    await clickConsent(browser, await browser.go(`${app.baseUrl}/install`), "approve");
    panelBeforeZoom = (await browser.go(`${app.baseUrl}/sandbox`)).body;
    await clickConsent(browser, await browser.go(`${app.baseUrl}/oauth/zoom/connect`), "approve");
    csrf = ((await (await browser.fetch(`${app.baseUrl}/api/session`)).json()) as { csrfToken: string }).csrfToken;
  }, 60000);
  afterAll(async () => app?.stop());

  it("when nobody is signed in, then the panel and the portal view send them to install", async () => {
    const stranger = new Browser();
    for (const path of ["/sandbox", "/sandbox/portal"]) {
      const res = await stranger.fetch(`${app.baseUrl}${path}`);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/install");
    }
  });

  it("when the visitor had not connected Zoom yet, then the panel said the app ignores its webinars until they do", () => {
    expect(panelBeforeZoom).toContain('Zoom is not connected. The app ignores these webinars until then. <a href="/oauth/zoom/connect">Connect Zoom</a>');
    expect(panelBeforeZoom).not.toContain("Webinar sync is off");
  });

  it("when a form is posted without the CSRF token or with bad input, then it is refused and nothing is created", async () => {
    const noToken = await form("/sandbox/webinars", { topic: "Sneaky", hostId: "sbx-host-1", startsInMinutes: "0", durationMinutes: "30" }, "");
    expect(noToken.status).toBe(403);
    const empty = await form("/sandbox/webinars", { topic: "  ", hostId: "sbx-host-1", startsInMinutes: "0", durationMinutes: "0" });
    expect(empty.status).toBe(400);
    const body = await empty.text();
    expect(body).toContain("Give the webinar a topic");
    expect(body).toContain("At least 1 minute");
    const strangerHost = await form("/sandbox/webinars", { topic: "Who hosts?", hostId: "nobody", startsInMinutes: "0", durationMinutes: "30" });
    expect(strangerHost.status).toBe(400);
    expect(sandbox().simulator.webinars()).toHaveLength(0);
    expect((await form("/sandbox/webinars/86000000999/end", {})).status).toBe(404);
  });

  it("when a whole webinar is run from the panel, then the portal shows its contacts, event, timeline and recording, and the audit log explains exclusions", async () => {
    expect(await page("/sandbox")).toContain("Webinar sync is off: the app records these webinars but writes nothing to HubSpot");
    expect((await api("PUT", "/api/settings", {
      webinarSync: { enabled: true, scope: "all", selectedZoomUserIds: [] },
      exclusions: { hostDomains: [], contactDomains: ["staff.example"] },
    })).status).toBe(200);
    await api("GET", "/api/zoom-users");
    expect((await api("PUT", "/api/zoom-users/sbx-host-1/settings", { syncNewWebinarsByDefault: true, syncRecordingsAndTranscripts: true })).status).toBe(200);

    const created = await form("/sandbox/webinars", { topic: TOPIC, hostId: "sbx-host-1", startsInMinutes: "0", durationMinutes: "30" });
    expect(created.status).toBe(303);
    const panel = await page("/sandbox");
    expect(panel).not.toContain("setup-warning");
    expect(panel).toContain("Created the webinar");
    expect(panel).toContain("the app accepted all of them");
    expect(panel).toContain("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Launch &amp; learn");
    expect(panel).not.toContain("<script>alert");
    const [webinar] = sandbox().simulator.webinars();
    const id = webinar!.id;

    expect((await form(`/sandbox/webinars/${id}/recording`, {})).status).toBe(409);
    const people = ["Ann Archer <ann@customer.example>", "Ben Baker <ben@customer.example>", "Sam Staff <sam@staff.example>", "Mo Marketer <marketer@sandbox-portal.test>"];
    expect((await form(`/sandbox/webinars/${id}/registrants`, { people: people.join("\n") })).status).toBe(303);
    expect(await page("/sandbox")).toContain("Registered 4 people. Zoom sent 4 webhooks to the app, and the app accepted all of them.");
    expect((await form(`/sandbox/webinars/${id}/join`, { people: "Gus Guest", minute: "0" })).status).toBe(303);
    expect(await page("/sandbox")).toContain("5 joined the webinar.");
    expect((await form(`/sandbox/webinars/${id}/leave`, { minute: "-3" })).status).toBe(400);
    expect((await form(`/sandbox/webinars/${id}/leave`, { minute: "15" })).status).toBe(303);
    expect((await form(`/sandbox/webinars/${id}/end`, { minute: "30" })).status).toBe(303);
    expect(await page("/sandbox")).toMatch(/webinar-status">ended</);
    expect((await form(`/sandbox/webinars/${id}/recording`, {})).status).toBe(303);
    expect(await page("/sandbox")).toContain("The recording and its transcript are ready. Zoom sent 2 webhooks");

    // The sync runs in the background: wait for what the portal should end up with.
    const view = await eventually(() => {
      const v = portalView(sandbox().hubspot, SANDBOX_PORTAL_ID);
      const attended = v.events[0]?.counts.attend === 2;
      const recorded = v.calls.length === 1 && v.calls[0]!.utterances === 2;
      return attended && recorded && v.timeline.length === 6 ? v : undefined;
    }, 30000, () => JSON.stringify(portalView(sandbox().hubspot, SANDBOX_PORTAL_ID), null, 1));
    expect(view.contacts.map((c) => c.email).sort()).toEqual(["ann@customer.example", "ben@customer.example"]);
    const ann = view.contacts.find((c) => c.email === "ann@customer.example")!;
    expect(ann.name).toBe("Ann Archer");
    expect(ann.values.slice(0, 2)).toEqual(["1", "1"]);
    expect(ann.values[2]).toBe("50"); // 15 of 30 minutes
    expect(ann.values[3]).toContain(`https://sandbox.zoom.test/w/${id}`);
    expect(view.events[0]).toMatchObject({ name: TOPIC, externalEventId: id, counts: { register: 2, attend: 2, cancel: 0 } });
    expect(view.timeline.map((t) => t.type).sort()).toEqual([
      ...Array(2).fill("Zoom recording available"),
      ...Array(2).fill("Zoom webinar attendance"),
      ...Array(2).fill("Zoom webinar registration"),
    ]);
    expect(view.timeline.find((t) => t.type === "Zoom webinar registration")!.header).toBe(`Registered for Zoom webinar ${TOPIC}`);
    expect(view.timeline.find((t) => t.type === "Zoom webinar attendance" && t.email === "ann@customer.example")!.detail).toBe(
      `Webinar ${id}: attended 15 minutes (50% of the webinar)`,
    );
    expect(view.calls[0]).toMatchObject({ contacts: 2, utterances: 2 });
    // The webinar ended: its marketing event was completed in HubSpot.
    expect(view.events[0]!.status).toBe("completed");

    const html = await page("/sandbox/portal");
    expect(html).toContain("ann@customer.example");
    expect(html).toContain("Total number of Zoom webinars attended");
    expect(html).toContain("Registered for Zoom webinar &lt;script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain('<strong class="event-status">completed</strong>');

    const listed = (await api("GET", "/api/webinars")).body as { webinarId: string; topic: string; registrants: number; attendees: number }[];
    const row = listed.find((w) => w.topic === TOPIC)!;
    expect(row).toMatchObject({ registrants: 4 });
    const audit = (await api("GET", `/api/webinars/${row.webinarId}/audit`)).body as { message: string }[];
    expect(audit.map((a) => a.message).join("\n")).toMatch(/Some email addresses were excluded from syncing: 1 HubSpot user, 1 excluded domain/);

    // A restart keeps the simulated Zoom activity and the portal's records.
    await app.restart();
    expect(await page("/sandbox")).toMatch(/webinar-status">ended</);
    expect(webinarActivity(sandbox().zoom).recordings.size).toBe(1);
    const after = portalView(sandbox().hubspot, SANDBOX_PORTAL_ID);
    expect({ ...after, contacts: after.contacts.length }).toEqual({ ...view, contacts: view.contacts.length });
  }, 120000);

  it("when Zoom needs re-authorization, then the panel says what the connection health says, once, and not that Zoom is not connected", async () => {
    expect((await form("/sandbox/problems/revoke-zoom", {})).status).toBe(303);
    const health = (await api("GET", "/api/connections/health")).body as { zoom: { status: string; message: string } };
    expect(health.zoom.status).toBe("needs_reauth");
    const panel = await page("/sandbox");
    expect(panel).not.toContain("Zoom is not connected");
    expect(panel).not.toContain("setup-warning");
    // The banner beside it says the health's words, with Reconnect Zoom.
    const said = health.zoom.message.replace(/'/g, "&#39;");
    expect(panel.split(said)).toHaveLength(2);
    expect(panel).toContain('<a class="button" href="/oauth/zoom/connect">Reconnect Zoom</a>');

    await clickConsent(browser, await browser.go(`${app.baseUrl}/oauth/zoom/connect`), "approve");
    const healed = await page("/sandbox");
    expect(healed).not.toContain(said);
    expect(healed).not.toContain('id="health-banner"');
  }, 60000);
});

async function eventually<T>(probe: () => T | undefined, timeoutMs = 60000, explain = () => ""): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the sync: ${explain()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
