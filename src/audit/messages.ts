/**
 * Plain-words messages of the audit log (CONTRACT.md §6), e.g. "Some email addresses
 * were excluded from syncing: 2 HubSpot users, 1 excluded domain".
 */
export type ExclusionReason = "hubspot_user" | "excluded_domain" | "invalid_email" | "secondary_email" | "no_email";

const EXCLUSION_WORDS: Record<ExclusionReason, [string, string]> = {
  hubspot_user: ["HubSpot user", "HubSpot users"],
  excluded_domain: ["excluded domain", "excluded domains"],
  invalid_email: ["invalid email address", "invalid email addresses"],
  secondary_email: ["secondary email of an existing contact", "secondary emails of existing contacts"],
  no_email: ["person without an email address", "people without an email address"],
};

const ORDER: ExclusionReason[] = ["hubspot_user", "excluded_domain", "invalid_email", "secondary_email", "no_email"];

export const plural = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

export function exclusionMessage(counts: Partial<Record<ExclusionReason, number>>): string {
  const parts = ORDER.filter((r) => (counts[r] ?? 0) > 0).map((r) => plural(counts[r] ?? 0, EXCLUSION_WORDS[r]));
  return `Some email addresses were excluded from syncing: ${parts.join(", ")}`;
}

export const NOT_SYNCED_WORDS: Record<string, string> = {
  sync_off: "webinar sync is turned off in the settings",
  scope_none: "no Zoom users are selected for syncing",
  host_not_selected: "its host is not among the selected Zoom users",
  host_domain_excluded: "its host's email domain is excluded",
  webinar_off: "sync is turned off for this webinar",
  zoom_disconnected: "the Zoom account is disconnected",
  portal_uninstalled: "the app is no longer installed in HubSpot",
  zoom_events: "it belongs to Zoom Events, which this app (like HubSpot's own Zoom integration) leaves alone",
};

export const RECORDING_WORDS = {
  sync_off: "syncing recordings and transcripts is turned off for the host",
  no_attendees: "nobody who attended could be synced to HubSpot",
  recording_not_found: "the recording was not found in Zoom",
  still_processing: "Zoom is still processing the recording",
} satisfies Record<string, string>;
