/**
 * The date-based HubSpot API versions the app speaks (CONTRACT.md §5), one per API
 * family, and the path builders every HubSpot call uses. No path of the app contains
 * `/v1/`…`/v4/`; the test suite fails if one is ever called (test/helpers/suite-calls.ts).
 *
 * Versions as published in HubSpot's OpenAPI specs (HubSpot/HubSpot-public-api-spec-collection,
 * PublicApiSpecs/…/Rollouts/…/<version>/…json), read on 2026-11-30 at commit 99893791.
 * Before changing a version here, check the request schemas of the new version; the fake
 * HubSpot keeps its own copy of the published paths (packages/fakes/src/fake-hubspot/routes.ts)
 * and answers 404 to a version it does not serve, so the suite shows where to add it.
 */

/** OAuth token exchange and refresh. https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/guide (spec: Auth/Oauth/…/2026-09/oauth.json) */
export const OAUTH_VERSION = "2026-09";
/** CRM objects (contacts, calls). https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (spec: CRM/Contacts/…/2026-09/contacts.json, CRM/Calls/…/2026-09/calls.json) */
export const CRM_OBJECTS_VERSION = "2026-09";
/** CRM properties and property groups. https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide (spec: CRM/Properties/…/2026-09/properties.json) */
export const CRM_PROPERTIES_VERSION = "2026-09";
/**
 * Users of the portal. https://developers.hubspot.com/docs/api-reference/settings-user-provisioning-v3/guide
 * (spec: Settings/User Provisioning/…/2026-03/userProvisioning.json; 2026-09 exists only as a beta).
 */
export const SETTINGS_USERS_VERSION = "2026-03";
/** Marketing events and attendance. https://developers.hubspot.com/docs/api-reference/marketing-marketing-events-v3/guide (spec: Marketing/Marketing Events/…/2026-09/marketingEvents.json) */
export const MARKETING_EVENTS_VERSION = "2026-09";
/** Calling extensions: transcripts. https://developers.hubspot.com/docs/api-reference/crm-calling-transcripts-v3/guide (spec: CRM/Transcriptions/…/2026-09/transcriptions.json) */
export const CALLING_VERSION = "2026-09";

/**
 * App events (timeline event occurrences). The docs show the version-4 path (integrators, timeline, v4, events);
 * the spec's date-based version is the one we use (CRM/Timeline/…/2026-03).
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/send-event-occurrences
 */
export const TIMELINE_VERSION = "2026-03";

const seg = (s: string) => encodeURIComponent(s);

export const hubspotPaths = {
  oauthToken: () => `/oauth/${OAUTH_VERSION}/token`,

  properties: (objectType: string) => `/crm/properties/${CRM_PROPERTIES_VERSION}/${objectType}`,
  property: (objectType: string, name: string) => `/crm/properties/${CRM_PROPERTIES_VERSION}/${objectType}/${seg(name)}`,
  propertyGroups: (objectType: string) => `/crm/properties/${CRM_PROPERTIES_VERSION}/${objectType}/groups`,
  propertyGroup: (objectType: string, name: string) => `/crm/properties/${CRM_PROPERTIES_VERSION}/${objectType}/groups/${seg(name)}`,

  objects: (objectType: string) => `/crm/objects/${CRM_OBJECTS_VERSION}/${objectType}`,
  object: (objectType: string, id: string) => `/crm/objects/${CRM_OBJECTS_VERSION}/${objectType}/${seg(id)}`,
  objectsBatch: (objectType: string, action: "read" | "upsert" | "create" | "update") =>
    `/crm/objects/${CRM_OBJECTS_VERSION}/${objectType}/batch/${action}`,
  objectsSearch: (objectType: string) => `/crm/objects/${CRM_OBJECTS_VERSION}/${objectType}/search`,

  users: () => `/settings/users/${SETTINGS_USERS_VERSION}`,

  marketingEvents: () => `/marketing/marketing-events/${MARKETING_EVENTS_VERSION}`,
  marketingEventsUpsert: () => `/marketing/marketing-events/${MARKETING_EVENTS_VERSION}/events/upsert`,
  marketingEventAction: (externalEventId: string, action: "complete" | "cancel") =>
    `/marketing/marketing-events/${MARKETING_EVENTS_VERSION}/events/${seg(externalEventId)}/${action}`,
  attendanceEmailCreate: (externalEventId: string, state: string) =>
    `/marketing/marketing-events/${MARKETING_EVENTS_VERSION}/attendance/${seg(externalEventId)}/${state}/email-create`,

  participationsBreakdown: (externalAccountId: string, externalEventId: string) =>
    `/marketing/marketing-events/${MARKETING_EVENTS_VERSION}/participations/${seg(externalAccountId)}/${seg(externalEventId)}/breakdown`,

  transcripts: () => `/crm/extensions/calling/${CALLING_VERSION}/transcripts`,

  appEvents: () => `/integrators/timeline/${TIMELINE_VERSION}/events`,
  appEventsBatch: () => `/integrators/timeline/${TIMELINE_VERSION}/events/batch`,
};
