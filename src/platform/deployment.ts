import { loadConfig } from "../config";
import type { ProjectSettings } from "./hubspot-project";

/**
 * What the HubSpot project and the Zoom manifest need from the environment. Only these
 * variables are read (and validated by the app's own rules), so both commands run on a
 * machine without the runtime's secrets.
 */
const USED = ["PORT", "APP_BASE_URL", "HUBSPOT_APP_EVENTS", "APP_SUPPORT_EMAIL", "APP_SUPPORT_URL", "APP_DOCS_URL"] as const;

export function deploymentSettings(env: NodeJS.ProcessEnv = process.env): ProjectSettings {
  const config = loadConfig(Object.fromEntries(USED.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])));
  return { appBaseUrl: config.appBaseUrl, appEvents: config.hubspot.appEvents, support: config.support };
}
