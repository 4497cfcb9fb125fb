/**
 * The Zoom events this app acts on (CONTRACT.md §3): the intake records them as pending
 * (src/webhooks), processing turns them into facts (src/webinars), the Zoom app manifest
 * subscribes to them (src/platform). Anything else is acknowledged,
 * kept as `ignored`, and never processed. A few close relatives of the contract's list
 * (started, recovered, registration approved/denied) are handled too: they are cheap
 * and keep the recorded facts true.
 */
export const WEBINAR_EVENTS = [
  "webinar.created",
  "webinar.updated",
  "webinar.deleted",
  "webinar.recovered",
  "webinar.started",
  "webinar.ended",
  "webinar.registration_created",
  "webinar.registration_approved",
  "webinar.registration_denied",
  "webinar.registration_cancelled",
  "webinar.participant_joined",
  "webinar.participant_left",
  "recording.completed",
  "recording.transcript_completed",
] as const;

export const APP_DEAUTHORIZED = "app_deauthorized";
export const URL_VALIDATION = "endpoint.url_validation";

export type HandledEvent = (typeof WEBINAR_EVENTS)[number] | typeof APP_DEAUTHORIZED;

/** Every event the app acts on: the Zoom app manifest subscribes to exactly these (`npm run zoom:manifest`). */
export const HANDLED_EVENTS: readonly HandledEvent[] = [...WEBINAR_EVENTS, APP_DEAUTHORIZED];

export function isHandledEvent(type: string): type is HandledEvent {
  return (HANDLED_EVENTS as readonly string[]).includes(type);
}

export const isParticipantEvent = (type: string) =>
  type === "webinar.participant_joined" || type === "webinar.participant_left";

export const isRegistrationEvent = (type: string) => type.startsWith("webinar.registration_");
