import { HubSpotWorkflowActionSender } from "@hzw/fakes";
import { SANDBOX_PORTAL_ID } from "../../src/sandbox/accounts";
import type { Browser } from "../helpers/browser";
import { signedInSandbox, type SandboxApp } from "../helpers/sandbox";

/**
 * The sandbox panel runs the workflow action "Add contact to Zoom webinar" as HubSpot
 * would: a v3-signed request to the app's real endpoint, the answer shown as HubSpot
 * reads it (CONTRACT.md §3).
 */
describe("sandbox panel: run the workflow action", () => {
  let app: SandboxApp;
  let browser: Browser;
  let csrf: string;
  let webinarId: string;

  const sandbox = () => app.runtime.services.sandbox!;
  const form = async (path: string, fields: Record<string, string>, token = csrf) => {
    const res = await browser.fetch(`${app.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...fields }).toString(),
    });
    return { status: res.status, body: await res.text() };
  };
  const registrationCalls = () => sandbox().zoom.callsTo("POST", new RegExp(`/webinars/${webinarId}/registrants$`)).length;

  beforeAll(async () => {
    ({ app, browser, csrf } = await signedInSandbox());
    expect((await form("/sandbox/webinars", { topic: "Action demo", hostId: "sbx-host-1", startsInMinutes: "60", durationMinutes: "30" })).status).toBe(303);
    webinarId = sandbox().simulator.webinars()[0]!.id;
  }, 60000);
  afterAll(async () => app?.stop());

  it("when the panel shows, then it offers the webinars of the simulated Zoom account and the portal's contacts", async () => {
    const panel = (await browser.go(`${app.baseUrl}/sandbox`)).body;
    expect(panel).toContain("Run the workflow action");
    expect(panel).toContain(`<option value="${webinarId}">Action demo (${webinarId})</option>`);
  });

  it("when a typed contact is run against a webinar, then the contact is created in the portal, Zoom has the registrant and the page shows SUCCESS with the join link", async () => {
    const { status, body } = await form("/sandbox/workflow-action", { webinarId, firstName: "<b>Ann</b>", lastName: "Archer", email: "ann@customer.example" });
    expect(status).toBe(200);
    // The app's real endpoint answered 200: the panel's v3 signature held (it answers 401 otherwise).
    expect(body).toContain("The app answered HTTP 200.");
    expect(body).toContain('<strong class="execution-state">SUCCESS</strong>');
    const registrant = sandbox().zoom.webinars.get(webinarId)!.registrants.find((r) => r.email === "ann@customer.example");
    expect(registrant).toMatchObject({ first_name: "<b>Ann</b>", last_name: "Archer" });
    expect(registrationCalls()).toBe(1);
    expect(body).toContain(`<a href="${registrant!.join_url}" rel="noopener noreferrer" target="_blank">${registrant!.join_url}</a>`);
    expect(body).toContain("Zoom join link");
    expect(body).toContain("just created in the portal");
    expect(body).toContain("&lt;b&gt;Ann&lt;/b&gt; Archer");
    expect(body).not.toContain("<b>Ann</b>");
    const contact = [...sandbox().hubspot.portal(SANDBOX_PORTAL_ID).contacts.values()].find((c) => c.properties.email === "ann@customer.example");
    expect(contact).toBeDefined();

    // The same contact picked from the portal's list is that contact, not a new one.
    const again = await form("/sandbox/workflow-action", { webinarIdTyped: `${webinarId.slice(0, 3)} ${webinarId.slice(3)}`, contactId: contact!.id });
    expect(again.body).toContain('<strong class="execution-state">SUCCESS</strong>');
    expect(again.body).not.toContain("just created in the portal");
  });

  it("when the contact is the webinar's host, then HOST_CANNOT_REGISTER is shown and Zoom got no registration call", async () => {
    const before = registrationCalls();
    const { status, body } = await form("/sandbox/workflow-action", { webinarId, firstName: "Hedy", lastName: "Host", email: "HOST@sandbox-zoom.test" });
    expect(status).toBe(200);
    expect(body).toContain("The app answered HTTP 200.");
    expect(body).toContain('<strong class="execution-state">FAIL_CONTINUE</strong>');
    expect(body).toMatch(/data-field="error_code">HOST_CANNOT_REGISTER</);
    expect(body).toMatch(/data-field="error_message">Webinar host cannot register for the webinar</);
    expect(registrationCalls()).toBe(before);
    expect(sandbox().zoom.webinars.get(webinarId)!.registrants.some((r) => r.email.toLowerCase() === "host@sandbox-zoom.test")).toBe(false);
  });

  it("when the request is signed with another secret, then the endpoint refuses it: the panel's 200 answers are its signature holding", async () => {
    const { config } = sandbox();
    const path = "/hubspot/actions/add-to-webinar";
    const forged = new HubSpotWorkflowActionSender("not-the-secret", `${sandbox().appUrl}${path}`, `${config.appBaseUrl}${path}`);
    const answer = await forged.execute({ portalId: SANDBOX_PORTAL_ID, objectId: "1", properties: { email: "x@customer.example" }, inputFields: { webinarId } });
    expect(answer.status).toBe(401);
  });

  it("when the form lacks its CSRF token or its input, then it is refused and no request is sent", async () => {
    const before = registrationCalls();
    expect((await form("/sandbox/workflow-action", { webinarId, email: "eve@customer.example" }, "")).status).toBe(403);
    const empty = await form("/sandbox/workflow-action", {});
    expect(empty.status).toBe(400);
    expect(empty.body).toContain("Pick a webinar or type its id");
    expect(empty.body).toContain("Pick a contact or type the new contact&#39;s email");
    expect((await form("/sandbox/workflow-action", { webinarId, contactId: "999999" })).status).toBe(400);
    expect(registrationCalls()).toBe(before);
    expect([...sandbox().hubspot.portal(SANDBOX_PORTAL_ID).contacts.values()].some((c) => c.properties.email === "eve@customer.example")).toBe(false);
  });
});
