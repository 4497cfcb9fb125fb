/**
 * Every HubSpot scope the app asks for at install, in one place: `GET /install` asks for
 * exactly `hubspotScopes(config.hubspot.appEvents)` and `npm run hubspot:project` writes
 * the same list as the app's `requiredScopes` (CONTRACT.md §9). Each scope comes from the
 * `security` block of an endpoint the app calls (reference platform-2026 §B).
 */
const BASE_SCOPES = [
  "oauth",
  "crm.objects.contacts.read", // contacts batch read, search, single read
  "crm.objects.contacts.write", // contacts upsert/update, calls
  "crm.schemas.contacts.read",
  "crm.schemas.contacts.write", // the `zoom` property group and its four properties
  "crm.objects.marketing_events.read",
  "crm.objects.marketing_events.write", // marketing events and attendance
  "automation", // the workflow action and its callbacks
  "settings.users.read", // HubSpot users are never synced as contacts
  "crm.extensions_calling_transcripts.write", // recording transcripts on call records
] as const;

/**
 * App events (timeline events, CONTRACT.md §5) need `timeline` among the required scopes
 * (reference §A8); without them the app writes no timeline event and does not ask for it,
 * since a required scope the portal cannot grant would block the install.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/reference
 */
export function hubspotScopes(appEvents: boolean): string[] {
  return appEvents ? [...BASE_SCOPES, "timeline"] : [...BASE_SCOPES];
}
