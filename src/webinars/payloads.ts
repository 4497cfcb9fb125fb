/**
 * Zoom's objects (webinar, participant, registrant, recording, the event envelope) are
 * parsed with the one schema of each in src/zoom/schemas.ts; this file keeps what the
 * app derives from them.
 */
/**
 * Who a join/leave belongs to, the same from webhooks and from the participants API:
 * Zoom's per-webinar participant `user_id` (given by both), else the participant uuid,
 * else the email, else the Zoom user id. Pairing sessions per key keeps two devices of
 * one person as two sessions (merged later without double counting).
 */
export function participantKeyOf(p: { user_id?: string; participant_uuid?: string; email?: string; id?: string }): string | undefined {
  if (p.user_id) return `uid:${p.user_id}`;
  if (p.participant_uuid) return `puuid:${p.participant_uuid}`;
  if (p.email) return `email:${p.email.toLowerCase()}`;
  if (p.id) return `zuid:${p.id}`;
  return undefined;
}

/** Meeting types (1–4, 8, 10) are not webinars; webinars are 5, 6 and 9. */
export const isMeetingType = (type: number | undefined) => type !== undefined && [1, 2, 3, 4, 8, 10].includes(type);

/** `settings.alternative_hosts` is one string of emails separated by ";" or ",". */
export const splitEmails = (value: string | undefined) =>
  (value ?? "")
    .split(/[;,]/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.includes("@"));
