/**
 * Zoom's objects (webinar, participant, registrant, recording, the event envelope) are
 * parsed with the one schema of each in src/zoom/schemas.ts; this file keeps what the
 * app derives from them.
 */
/** Meeting types (1–4, 8, 10) are not webinars; webinars are 5, 6 and 9. */
export const isMeetingType = (type: number | undefined) => type !== undefined && [1, 2, 3, 4, 8, 10].includes(type);

/** `settings.alternative_hosts` is one string of emails separated by ";" or ",". */
export const splitEmails = (value: string | undefined) =>
  (value ?? "")
    .split(/[;,]/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.includes("@"));
