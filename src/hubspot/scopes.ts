/**
 * Every HubSpot scope the app asks for at install, in one place (reference §B1: each
 * comes from the `security` block of an endpoint the app calls).
 */
export const HUBSPOT_SCOPES = [
  "oauth",
  "crm.objects.contacts.read", // contacts batch read, search, single read
  "crm.objects.contacts.write", // contacts upsert/update, calls
  "crm.schemas.contacts.read",
  "crm.schemas.contacts.write", // the `zoom` property group and its four properties
  "crm.objects.marketing_events.read",
  "crm.objects.marketing_events.write", // marketing events and attendance
  "automation", // the workflow action
  "settings.users.read", // HubSpot users are never synced as contacts
  "timeline", // timeline events: app event occurrences (when HUBSPOT_APP_EVENTS is on)
  "crm.extensions_calling_transcripts.write", // recording transcripts on call records
] as const;
