/**
 * The HubSpot API paths the fake serves: the date-based versions HubSpot publishes, one
 * per API family (HubSpot's OpenAPI specs, HubSpot/HubSpot-public-api-spec-collection,
 * PublicApiSpecs/…/Rollouts/…/<version>/…json, read on 2026-11-30 at commit 99893791).
 * The fake follows the published API, not the app: this is its own copy, and a path the
 * fake does not serve answers 404 (legacy `/v1/`…`/v4/` ones on purpose, legacy.ts).
 * When the app moves to a new version, add it here after checking its request schemas.
 */

/** Auth/Oauth/…/2026-09/oauth.json */
const OAUTH = "2026-09";
/** CRM/Contacts/…/2026-09/contacts.json, CRM/Calls/…/2026-09/calls.json */
const CRM_OBJECTS = "2026-09";
/** CRM/Properties/…/2026-09/properties.json */
const CRM_PROPERTIES = "2026-09";
/** Settings/User Provisioning/…/2026-03/userProvisioning.json (2026-09 exists only as a beta). */
const SETTINGS_USERS = "2026-03";
/** Marketing/Marketing Events/…/2026-09/marketingEvents.json */
const MARKETING_EVENTS = "2026-09";
/** CRM/Transcriptions/…/2026-09/transcriptions.json */
const CALLING = "2026-09";
/** CRM/Timeline/…/2026-03 (app events; the docs show the version-4 path). */
const TIMELINE = "2026-03";

/** Express route prefixes, one per area of the fake. */
export const fakeRoutes = {
  oauthToken: `/oauth/${OAUTH}/token`,
  properties: `/crm/properties/${CRM_PROPERTIES}/contacts`,
  contacts: `/crm/objects/${CRM_OBJECTS}/contacts`,
  calls: `/crm/objects/${CRM_OBJECTS}/calls`,
  users: `/settings/users/${SETTINGS_USERS}`,
  marketingEvents: `/marketing/marketing-events/${MARKETING_EVENTS}`,
  transcripts: `/crm/extensions/calling/${CALLING}/transcripts`,
  appEvents: `/integrators/timeline/${TIMELINE}/events`,
  appEventsBatch: `/integrators/timeline/${TIMELINE}/events/batch`,
};
