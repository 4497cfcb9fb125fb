import type { Config } from "../config";
import { APP_EVENT_TYPES } from "../hubspot/app-event-types";
import { hubspotScopes } from "../hubspot/scopes";
import {
  HUBSPOT_WEBHOOK_MAX_CONCURRENT_REQUESTS,
  HUBSPOT_WEBHOOK_PATH,
  HUBSPOT_WEBHOOK_SUBSCRIPTIONS,
  type HubSpotSubscriptionGroup,
} from "../hubspot/webhook-subscriptions";
import { HUBSPOT_CALLBACK_PATH } from "../http/public-paths";
import { ACTION_UID, APP_DISPLAY_NAME, workflowActionConfig } from "../workflow-action/definition";

/**
 * The HubSpot developer-platform project of a deployment (CONTRACT.md §9, reference
 * platform-2026 §A): every file as a JSON value, keyed by its path inside the project
 * folder. Nothing here touches the disk; src/platform/hubspot-project-cli.ts writes it.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/app-configuration
 *
 * Each value comes from the code that serves it: the scopes `GET /install` asks for, the
 * action definition and paths of the routes, the webhook subscriptions the webhook route
 * handles, the app event types the sync sends.
 */

export const PLATFORM_VERSION = "2026.03";
export const PROJECT_NAME = "hubspot-zoom-webinars";
/** Component uids: ≤ 64 of `[A-Za-z0-9_.-]`, unique in the project (reference §A2). */
export const APP_UID = "hubspot_zoom_webinars";
export const WEBHOOKS_UID = "zoom_webinars_webhooks";

export const APP_DESCRIPTION =
  "Syncs Zoom webinars into HubSpot: registrants and attendees become contacts with webinar properties and marketing event " +
  "participation, recordings and transcripts become call records, and workflows can register contacts for a webinar. Self-hosted.";

export interface ProjectSettings {
  appBaseUrl: string;
  /** HubSpot approved app events for the app: declare the timeline event types and ask for `timeline`. */
  appEvents: boolean;
  support: Config["support"];
}

/** Project-relative path (always with `/`) → JSON content. */
export type ProjectFiles = Record<string, unknown>;

export const PROJECT_FILE = "hsproject.json";
export const APP_FILE = "src/app/app-hsmeta.json";
export const ACTION_FILE = `src/app/workflow-actions/${ACTION_UID}-hsmeta.json`;
export const WEBHOOKS_FILE = "src/app/webhooks/webhooks-hsmeta.json";
export const appEventFile = (uid: string) => `src/app/app-events/${uid}-hsmeta.json`;

/** An hsmeta file's top level: only `uid`, `type` and `config` (reference §A1). */
const component = (uid: string, type: string, config: Record<string, unknown>) => ({ uid, type, config });

export function hubspotProjectFiles(settings: ProjectSettings): ProjectFiles {
  const base = settings.appBaseUrl;
  const files: ProjectFiles = {
    [PROJECT_FILE]: { name: PROJECT_NAME, srcDir: "src", platformVersion: PLATFORM_VERSION },
    [APP_FILE]: component(APP_UID, "app", appConfig(settings)),
    [ACTION_FILE]: component(ACTION_UID, "workflow-action", workflowActionConfig(base)),
    [WEBHOOKS_FILE]: component(WEBHOOKS_UID, "webhooks", webhooksConfig(base)),
  };
  if (settings.appEvents) {
    for (const type of Object.values(APP_EVENT_TYPES)) {
      const { uid, name, objectType, headerTemplate, detailTemplate, properties } = type;
      files[appEventFile(uid)] = component(uid, "app-event", { name, objectType, headerTemplate, detailTemplate, properties });
    }
  }
  return files;
}

/** Public (marketplace) OAuth app; app events require exactly this distribution and auth (reference §A1). */
function appConfig(settings: ProjectSettings) {
  const { email, url, docsUrl } = settings.support;
  const support = {
    ...(email && { supportEmail: email }),
    ...(url && { supportUrl: url }),
    ...(docsUrl && { documentationUrl: docsUrl }),
  };
  return {
    name: APP_DISPLAY_NAME,
    description: APP_DESCRIPTION,
    distribution: "marketplace",
    auth: {
      type: "oauth",
      redirectUrls: [`${settings.appBaseUrl}${HUBSPOT_CALLBACK_PATH}`],
      requiredScopes: hubspotScopes(settings.appEvents),
      optionalScopes: [],
      conditionallyRequiredScopes: [],
    },
    ...(Object.keys(support).length > 0 && { support }),
  };
}

function webhooksConfig(appBaseUrl: string) {
  const subscriptions: Partial<Record<HubSpotSubscriptionGroup, { subscriptionType: string; active: boolean }[]>> = {};
  for (const { group, subscriptionType } of HUBSPOT_WEBHOOK_SUBSCRIPTIONS) {
    (subscriptions[group] ??= []).push({ subscriptionType, active: true });
  }
  return {
    settings: { targetUrl: `${appBaseUrl}${HUBSPOT_WEBHOOK_PATH}`, maxConcurrentRequests: HUBSPOT_WEBHOOK_MAX_CONCURRENT_REQUESTS },
    subscriptions,
  };
}

/** The file's bytes: two-space JSON with a final newline, as HubSpot's templates are written. */
export const renderJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
