import { z } from "zod";

/**
 * The Zoom objects the app reads, one schema each, shared by the webhooks (reference §A4)
 * and the REST answers (§A5); shapes from Zoom's own SDK types (zoom/rivet-javascript).
 * Unknown fields pass through untouched: Zoom adds fields over time. The endpoint
 * answers that are not one of these objects sit beside their call (src/zoom/endpoints).
 */

/** Zoom ids arrive as numbers in some events and strings in others; stored as digits. */
export const ZoomNumericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)])
  .transform((v) => String(v));

/** Zoom times are ISO 8601 in UTC ("2026-11-27T10:00:00Z"). */
export const ZoomTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, "must be an ISO 8601 time")
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), "must be a valid time");

/**
 * A participant's per-webinar `user_id`: a string or a number depending on the source
 * (webhook, participant report, past participants), "" meaning none.
 */
export const ZoomParticipantUserId = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : String(v)));

const optionalString = z.string().optional().nullable().transform((v) => (v ? v : undefined));
const optionalTime = ZoomTime.optional().nullable().or(z.literal("").transform(() => undefined));

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

/** Fields every webinar-bearing object may carry (webinar.*, recording.* events; "Sync now"). */
export const WebinarObject = z
  .object({
    id: ZoomNumericId,
    uuid: optionalString,
    host_id: optionalString,
    host_email: optionalString,
    topic: z.string().optional(),
    type: z.number().int().optional(),
    start_time: optionalTime,
    end_time: optionalTime,
    duration: z.number().int().nonnegative().optional(),
    timezone: optionalString,
    join_url: optionalString,
    registration_url: optionalString,
    occurrences: z.array(z.unknown()).optional(),
    settings: z.object({ alternative_hosts: z.string().optional() }).loose().optional(),
  })
  .loose();
export type WebinarObject = z.infer<typeof WebinarObject>;

export const ParticipantObject = z
  .object({
    user_id: ZoomParticipantUserId,
    user_name: z.string().optional(),
    id: optionalString,
    participant_uuid: optionalString,
    email: optionalString,
    registrant_id: optionalString,
    join_time: optionalTime,
    leave_time: optionalTime,
  })
  .loose();
export type ParticipantObject = z.infer<typeof ParticipantObject>;

export const RegistrantObject = z
  .object({
    id: optionalString,
    email: z.email(),
    first_name: z.string().optional(),
    last_name: z.string().optional().nullable(),
    status: z.string().optional(),
    join_url: optionalString,
    create_time: optionalTime,
  })
  .loose();
export type RegistrantObject = z.infer<typeof RegistrantObject>;

export const RecordingFile = z
  .object({
    id: z.string().optional(),
    file_type: z.string().optional(),
    recording_type: z.string().optional(),
    status: z.string().optional(),
    download_url: z.string().optional(),
    play_url: z.string().optional(),
    recording_start: z.string().optional(),
    recording_end: z.string().optional(),
    file_size: z.number().optional(),
    file_extension: z.string().optional(),
  })
  .loose();
export type RecordingFile = z.infer<typeof RecordingFile>;

/** A `recording.*` event's object and the answer of GET /meetings/{meetingId}/recordings. */
export const RecordingObject = WebinarObject.extend({
  uuid: z.string().min(1),
  share_url: optionalString,
  recording_files: z.array(RecordingFile).default([]),
});
export type RecordingObject = z.infer<typeof RecordingObject>;

/** What every webhook event starts with: its type and Zoom's event time. */
export const ZoomEventHeader = z.object({
  event: z.string().min(1).max(200),
  event_ts: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});

/** The envelope every event shares; `payload.object` is parsed per event type. */
export const EventEnvelope = ZoomEventHeader.extend({
  download_token: z.string().optional(),
  payload: z
    .object({ account_id: z.string().min(1).optional(), object: z.record(z.string(), z.unknown()).optional() })
    .loose(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/**
 * The webhook intake's light reading (src/webhooks/envelope.ts): only the fields that
 * name an event's account, object and person, so a redelivery can be recognised; the
 * full objects above are parsed later, in processing.
 */
export const UrlValidationPayload = z.object({ plainToken: z.string().min(1).max(512) });
export const IntakeAccount = z.object({ account_id: z.string().min(1) }).loose();
export const IntakeObject = IntakeAccount.extend({
  object: z.object({ id: z.union([z.string().min(1), z.number()]).transform(String), uuid: z.string().optional() }).loose(),
});
export const IntakeParticipant = z
  .object({
    user_id: ZoomParticipantUserId,
    participant_uuid: z.string().optional(),
    email: z.string().optional(),
    id: z.string().optional(),
    join_time: z.string().optional(),
    leave_time: z.string().optional(),
  })
  .loose();
export const IntakeRegistrant = z.object({ id: z.string().optional(), email: z.string().optional() }).loose();
