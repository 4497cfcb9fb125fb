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

/** What one sync wrote to HubSpot, by kind (src/sync/runs.ts). */
export type WrittenKind = "contacts" | "records" | "events" | "timeline" | "recordings" | "transcripts";

const WRITTEN_WORDS: Record<WrittenKind, [string, string]> = {
  contacts: ["contact", "contacts"],
  records: ["registration or attendance record", "registration and attendance records"],
  events: ["marketing event update", "marketing event updates"],
  timeline: ["timeline event", "timeline events"],
  recordings: ["recording", "recordings"],
  transcripts: ["transcript", "transcripts"],
};

/** What HubSpot holds of the webinar after a sync. */
export interface HeldCounts {
  contacts?: number;
  registrations?: number;
  attendees?: number;
  recordings?: number;
}

export function heldWords(c: HeldCounts): string {
  return [
    plural(c.contacts ?? 0, ["contact", "contacts"]),
    plural(c.registrations ?? 0, ["registration", "registrations"]),
    plural(c.attendees ?? 0, ["attendee", "attendees"]),
    ...(c.recordings ? [plural(c.recordings, ["recording", "recordings"])] : []),
  ].join(", ");
}

/**
 * The SYNCED entry of one run: what it wrote, and what HubSpot holds; "no changes" when
 * it wrote nothing, e.g. "Sync finished: no changes; HubSpot already has 7 contacts, 6
 * registrations, 7 attendees."
 */
export function syncedMessage(held: HeldCounts, written: Partial<Record<WrittenKind, number>>): string {
  const parts = (Object.keys(WRITTEN_WORDS) as WrittenKind[])
    .filter((k) => (written[k] ?? 0) > 0)
    .map((k) => plural(written[k] ?? 0, WRITTEN_WORDS[k]));
  if (parts.length === 0) return `Sync finished: no changes; HubSpot already has ${heldWords(held)}.`;
  return `Synced to HubSpot: wrote ${parts.join(", ")}; HubSpot now has ${heldWords(held)}.`;
}

/** Attendees Zoom gave no email for, found through their registration (CONTRACT.md §11): a sentence, or nothing. */
export function matchedWords(matched: number): string {
  if (matched === 0) return "";
  return ` ${plural(matched, ["attendee", "attendees"])} without an email in Zoom's data ${matched === 1 ? "was" : "were"} matched to their registration.`;
}

export const RUN_WORDS = {
  exhausted: "Syncing this webinar to HubSpot failed after several attempts; it will be tried again at the next change or with Sync now.",
  stale: "The sync stopped without finishing (its worker stopped); a later sync took over.",
  retrying: "A temporary problem interrupted the sync; it is tried again shortly.",
  missing: "The webinar no longer exists.",
  readingZoom: "Reading the webinar's registrants and attendees from Zoom.",
  permanent: "The sync stopped on an error that retrying cannot fix; the details are in the audit log entry.",
  zoomUnreadable: "No data could be read from the Zoom account; what was recorded before is synced.",
  zoomGone: "Zoom no longer has this webinar's details; what was recorded before is synced.",
} as const;

/** Partly synced: the first problem in words, and how many more there were. */
export function problemsMessage(messages: string[]): string {
  const [first, ...rest] = messages;
  if (!first) return "";
  return rest.length ? `${first} (and ${plural(rest.length, ["more problem", "more problems"])})` : first;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A JSON path such as `exclusions.contactDomains.2` or `inputs[0].email`. */
const JSON_PATH = /\b[A-Za-z_][\w-]*(?:\[\d+\]|\.[A-Za-z_][\w-]*)*(?:\.\d+|\[\d+\])(?:\.[\w-]+|\[\d+\])*/g;

/**
 * The last guard before a message reaches the audit log (src/audit/audit.ts): no internal
 * id and no JSON path, whatever an outside service put in its words. The raw text, when
 * useful, belongs in the entry's details.
 */
export function plainMessage(text: string): string {
  return text
    .replace(UUID, "(an internal id)")
    .replace(JSON_PATH, (path) => {
      const words = path.replace(/\[\d+\]|\.\d+/g, "").split(".").filter(Boolean);
      return words.at(-1) ?? "a field";
    })
    .replace(/\s{2,}/g, " ");
}

/** A uuid or a JSON path (what plainMessage removes): for tests and checks. */
export const INTERNAL_TEXT = [UUID, JSON_PATH];
