import fs from "node:fs";
import path from "node:path";
import type { Express, Router } from "express";
import { FakeHubSpot, FakeZoom } from "@hzw/fakes";
import type { SandboxConfig, SandboxSettings } from "../config";
import type { Logger } from "../lib/logger";
import { SANDBOX_PORTAL_ID, SANDBOX_ZOOM_ACCOUNT } from "./accounts";
import { sandboxPanelRoutes, type PanelDeps } from "./panel";
import { restoreSandboxState, saveSandboxState } from "./sandbox-state";
import { Simulator } from "./simulator";
import { APP_EVENT_TYPES } from "../hubspot/app-event-types";
import { HUBSPOT_CALLBACK_PATH, ZOOM_CALLBACK_PATH } from "../http/public-paths";

/**
 * Sandbox mode (CONTRACT.md §1): with no HubSpot/Zoom credentials, a simulated HubSpot
 * portal and Zoom account run in-process, built from the same fakes the tests use, and
 * the app's own base URLs point at them. Their consent pages are served under
 * /sandbox/hubspot and /sandbox/zoom on the app's own address, so the install and
 * connect flows work in the user's browser; API calls go to the fakes' loopback
 * servers. Their state is kept in DATA_DIR so a restart changes nothing.
 *
 * Loaded only when sandbox mode starts (src/runtime.ts imports it dynamically): a live
 * process never loads the fakes, the simulator or the panel.
 */

const SANDBOX_APP_ID = "1";

export interface Sandbox {
  hubspot: FakeHubSpot;
  zoom: FakeZoom;
  /** The app's configuration with credentials and base URLs of the simulation. */
  config: SandboxConfig;
  /** The app's own loopback URL, once it listens (webhooks are delivered there). */
  appUrl: string;
  /** Runs webinars in the simulated Zoom account (the sandbox panel). */
  simulator: Simulator;
  /** The simulated services' consent pages and OAuth endpoints, before the session middleware. */
  mount(app: Express): void;
  /** The sandbox panel and the simulated portal's view (panel.ts), signed-in pages. */
  panelRoutes(deps: PanelDeps): Router;
  stop(): Promise<void>;
}

export async function startSandbox(base: SandboxSettings, logger: Logger): Promise<Sandbox> {
  const hubspot = new FakeHubSpot({ autoApprove: false, clientId: "sandbox-hubspot-app", clientSecret: "sandbox-hubspot-secret" });
  const zoom = new FakeZoom({
    autoApprove: false,
    clientId: "sandbox-zoom-app",
    clientSecret: "sandbox-zoom-secret",
    webhookSecretToken: "sandbox-zoom-webhook-secret",
  });
  const stateFile = path.join(base.dataDir, "sandbox-state.json");
  if (!restore(stateFile, hubspot, zoom, logger)) seed(hubspot, zoom);
  // The simulated services send the browser (with a code) only to the app's own callbacks.
  hubspot.redirectUris = [`${base.appBaseUrl}${HUBSPOT_CALLBACK_PATH}`];
  zoom.redirectUris = [`${base.appBaseUrl}${ZOOM_CALLBACK_PATH}`];
  // Their consent pages are served on the app's address, with the app's stylesheet.
  hubspot.pageStylesheet = zoom.pageStylesheet = "/public/app.css";
  // The simulated app is approved for app events, with the project's three event types.
  hubspot.defineAppEventTypes(SANDBOX_APP_ID, Object.values(APP_EVENT_TYPES));
  await Promise.all([hubspot.start(), zoom.start()]);

  const config: SandboxConfig = {
    ...base,
    hubspot: {
      ...base.hubspot,
      clientId: hubspot.clientId,
      clientSecret: hubspot.clientSecret,
      appId: SANDBOX_APP_ID,
      authorizeUrl: `${base.appBaseUrl}/sandbox/hubspot/oauth/authorize`,
      apiBaseUrl: hubspot.url,
      appEvents: true,
    },
    zoom: {
      ...base.zoom,
      clientId: zoom.clientId,
      clientSecret: zoom.clientSecret,
      webhookSecretToken: zoom.webhookSecretToken,
      oauthBaseUrl: `${base.appBaseUrl}/sandbox/zoom`,
      apiBaseUrl: zoom.apiBaseUrl,
    },
  };

  let saved = "";
  const save = () => {
    const json = saveSandboxState(hubspot, zoom);
    if (json === saved) return;
    fs.mkdirSync(base.dataDir, { recursive: true });
    fs.writeFileSync(`${stateFile}.tmp`, json);
    fs.renameSync(`${stateFile}.tmp`, stateFile);
    saved = json;
  };
  const timer = setInterval(() => {
    try {
      save();
    } catch (err) {
      logger.warn({ err }, "could not save the sandbox state");
    }
  }, 2000);
  timer.unref();

  const sandbox: Sandbox = {
    hubspot,
    zoom,
    config,
    appUrl: base.appBaseUrl,
    simulator: new Simulator(zoom, SANDBOX_ZOOM_ACCOUNT, () => `${sandbox.appUrl}/webhooks/zoom`),
    mount(app) {
      app.use("/sandbox/hubspot", hubspot.app);
      app.use("/sandbox/zoom", zoom.app);
    },
    panelRoutes: (deps) => sandboxPanelRoutes(deps, sandbox),
    async stop() {
      clearInterval(timer);
      save();
      await Promise.all([hubspot.stop(), zoom.stop()]);
    },
  };
  return sandbox;
}

function seed(hubspot: FakeHubSpot, zoom: FakeZoom) {
  hubspot.addPortal(SANDBOX_PORTAL_ID, 501, [
    { id: "501", email: "admin@sandbox-portal.test", firstName: "Ada", lastName: "Admin" },
    { id: "502", email: "marketer@sandbox-portal.test", firstName: "Mo", lastName: "Marketer" },
  ]);
  zoom.addAccount(SANDBOX_ZOOM_ACCOUNT, [
    { id: "sbx-host-1", email: "host@sandbox-zoom.test", first_name: "Hedy", last_name: "Host", type: 2, role_name: "Owner" },
    { id: "sbx-host-2", email: "presenter@sandbox-zoom.test", first_name: "Pat", last_name: "Presenter", type: 2, role_name: "Member" },
  ]);
}

function restore(file: string, hubspot: FakeHubSpot, zoom: FakeZoom, logger: Logger): boolean {
  if (!fs.existsSync(file)) return false;
  try {
    restoreSandboxState(fs.readFileSync(file, "utf8"), hubspot, zoom);
    return true;
  } catch (err) {
    logger.warn({ err }, "the saved sandbox state could not be read; starting a fresh sandbox");
    return false;
  }
}
