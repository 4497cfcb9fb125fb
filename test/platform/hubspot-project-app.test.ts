import { HUBSPOT_WEBHOOK_PATH } from "../../src/hubspot/webhook-subscriptions";
import { ACTION_FILE, APP_FILE, hubspotProjectFiles, WEBHOOKS_FILE } from "../../src/platform/hubspot-project";
import { Browser } from "../helpers/browser";
import { PORTAL_ID, startWorld, type World } from "../helpers/world";
import { actionBody, registrantCalls, signV3, startActionWorld, webinar, type ActionWorld } from "../workflow-action/harness";

/**
 * The project written for a deployment agrees with that deployment: HubSpot asks for
 * what `GET /install` asks for, and calls URLs the app answers.
 */

const projectFor = (world: World, appEvents: boolean) =>
  hubspotProjectFiles({ appBaseUrl: world.app.config.appBaseUrl, appEvents, support: { email: undefined, url: undefined, docsUrl: undefined } });
const configOf = (files: Record<string, unknown>, file: string) => (files[file] as { config: any }).config;

async function installScopes(world: World): Promise<string[]> {
  const authorize = new URL(await new Browser().goUntilHost(`${world.app.url}/install`, new URL(world.hubspot.url).host));
  return authorize.searchParams.get("scope")!.split(" ");
}

/** POSTs to a URL exactly as HubSpot would: signed (v3) over that very URL. */
async function callAsHubSpot(world: World, url: string, body: unknown) {
  const raw = JSON.stringify(body);
  const timestamp = Date.now();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hubspot-signature-v3": signV3(world.hubspot.clientSecret, url, raw, timestamp),
      "x-hubspot-request-timestamp": String(timestamp),
    },
    body: raw,
  });
  return { status: res.status, json: (await res.json()) };
}

describe("npm run hubspot:project agrees with the running app", () => {
  describe("without app events", () => {
    let world: ActionWorld;
    beforeAll(async () => (world = await startActionWorld()));
    afterAll(async () => world?.close());

    it("requiredScopes are exactly the scopes GET /install asks for, without `timeline`", async () => {
      const required = configOf(projectFor(world, false), APP_FILE).auth.requiredScopes as string[];
      const asked = await installScopes(world);
      expect([...asked].sort()).toEqual([...required].sort());
      expect(asked).not.toContain("timeline");
    });

    it("the redirect URL is the one GET /install sends HubSpot", async () => {
      const authorize = new URL(await new Browser().goUntilHost(`${world.app.url}/install`, new URL(world.hubspot.url).host));
      expect(configOf(projectFor(world, false), APP_FILE).auth.redirectUrls).toEqual([authorize.searchParams.get("redirect_uri")]);
    });

    it("the action URL registers the contact when HubSpot calls it, and refuses an unsigned call", async () => {
      const { actionUrl } = configOf(projectFor(world, false), ACTION_FILE);
      const w = webinar(world);
      const res = await callAsHubSpot(world, actionUrl, actionBody({ webinarId: w.id }));
      expect(res.status).toBe(200);
      expect(res.json.outputFields).toMatchObject({ hs_execution_state: "SUCCESS", zoom_registrant_id: expect.any(String) });
      expect(registrantCalls(world)).toHaveLength(1);
      const unsigned = await fetch(actionUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(actionBody({ webinarId: w.id })) });
      expect(unsigned.status).toBe(401);
    });

    it("the options URL lists the connected account's webinars when HubSpot calls it", async () => {
      const { optionsUrl } = configOf(projectFor(world, false), ACTION_FILE).inputFields[0].typeDefinition;
      const w = webinar(world, { topic: "Options through the project URL", start_time: "2099-01-01T10:00:00Z" });
      const res = await callAsHubSpot(world, optionsUrl, { origin: { portalId: PORTAL_ID }, inputFieldName: "webinarId", inputFields: {}, fetchOptions: {} });
      expect(res.status).toBe(200);
      expect(res.json.options.map((o: { value: string }) => o.value)).toContain(w.id);
    });

    it("the webhook target is APP_BASE_URL + the HubSpot webhook path", () => {
      expect(configOf(projectFor(world, false), WEBHOOKS_FILE).settings.targetUrl).toBe(`${world.app.config.appBaseUrl}${HUBSPOT_WEBHOOK_PATH}`);
    });
  });

  describe("with app events (HUBSPOT_APP_EVENTS=true)", () => {
    let world: World;
    beforeAll(async () => (world = await startWorld({ env: { HUBSPOT_APP_EVENTS: "true" } })));
    afterAll(async () => world?.close());

    it("requiredScopes are exactly the scopes GET /install asks for, `timeline` included", async () => {
      const required = configOf(projectFor(world, true), APP_FILE).auth.requiredScopes as string[];
      const asked = await installScopes(world);
      expect([...asked].sort()).toEqual([...required].sort());
      expect(asked).toContain("timeline");
    });
  });
});
