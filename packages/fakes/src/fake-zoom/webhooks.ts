import { createHmac, randomUUID } from "node:crypto";
import type { FakeZoomRegistrant, FakeZoomWebinar } from "./index";
import type { FakeInstance, FakeParticipant, FakeRecording } from "./webinars";

/**
 * Zoom's side of webhooks (reference §A3/§A4): events built in Zoom's shapes, and a
 * sender that POSTs them exactly as Zoom does — JSON body, `x-zm-request-timestamp`
 * (epoch seconds), `x-zm-signature: v0=hex(HMAC-SHA256(secret token,
 * "v0:{timestamp}:{body}"))` and a per-delivery `x-zm-trackingid`. A redelivery is the
 * same bytes again with a new tracking id.
 */

export interface ZoomEvent {
  event: string;
  event_ts: number;
  payload: Record<string, unknown>;
  download_token?: string;
}

export interface SendOptions {
  trackingId?: string;
  /** Epoch seconds; now by default. */
  timestamp?: number;
  /** Replaces the computed signature (tests of refusals). */
  signature?: string | null;
  /** Sent instead of the signed body, with the signature of the original (tampering). */
  bodyAfterSigning?: string;
}

export interface Delivery {
  status: number;
  body: string;
  trackingId: string;
  timestamp: number;
}

export class ZoomWebhookSender {
  constructor(
    private readonly secretToken: string,
    /** The app's `/webhooks/zoom` URL. */
    readonly url: string,
  ) {}

  sign(body: string, timestamp: number): string {
    return `v0=${createHmac("sha256", this.secretToken).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  }

  /** POSTs one event (an object, or exact bytes to send as they are). */
  async send(event: ZoomEvent | string, options: SendOptions = {}): Promise<Delivery> {
    const body = typeof event === "string" ? event : JSON.stringify(event);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const trackingId = options.trackingId ?? randomUUID();
    const signature = options.signature === undefined ? this.sign(body, timestamp) : options.signature;
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Zoom Marketplace/1.1a",
      "x-zm-request-timestamp": String(timestamp),
      "x-zm-trackingid": trackingId,
    };
    if (signature !== null) headers["x-zm-signature"] = signature;
    const res = await fetch(this.url, { method: "POST", headers, body: options.bodyAfterSigning ?? body });
    return { status: res.status, body: await res.text(), trackingId, timestamp };
  }
}

const webinarFields = (w: FakeZoomWebinar, uuid = w.uuid) => ({
  id: w.id,
  uuid,
  host_id: w.host_id,
  topic: w.topic,
  type: w.type,
  start_time: w.start_time,
  duration: w.duration,
  timezone: w.timezone,
});

const envelope = (event: string, accountId: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}, at = Date.now()): ZoomEvent => ({
  event,
  event_ts: at,
  payload: { account_id: accountId, ...extra, object },
});

/** Builders of the events the app handles, from the fake's own objects. */
export const zoomEvents = {
  urlValidation: (plainToken: string): ZoomEvent => ({ event: "endpoint.url_validation", event_ts: Date.now(), payload: { plainToken } }),

  webinarCreated: (w: FakeZoomWebinar): ZoomEvent =>
    envelope("webinar.created", w.accountId, {
      ...webinarFields(w),
      join_url: w.join_url,
      ...(w.creation_source !== undefined && { creation_source: w.creation_source }),
      ...(w.occurrences && { occurrences: w.occurrences }),
      settings: { alternative_hosts: w.settings.alternative_hosts },
    }, { operator: w.host_email, operator_id: w.host_id }),

  webinarUpdated: (w: FakeZoomWebinar, changed: Record<string, unknown>): ZoomEvent =>
    envelope("webinar.updated", w.accountId, { id: w.id, ...changed }, { operator: w.host_email, operator_id: w.host_id, time_stamp: Date.now(), old_object: { id: w.id } }),

  webinarDeleted: (w: FakeZoomWebinar): ZoomEvent =>
    envelope("webinar.deleted", w.accountId, { id: w.id, uuid: w.uuid, host_id: w.host_id, topic: w.topic, type: w.type }, { operator: w.host_email }),

  webinarEnded: (w: FakeZoomWebinar, i: FakeInstance): ZoomEvent =>
    envelope("webinar.ended", w.accountId, { ...webinarFields(w, i.uuid), start_time: i.start_time, end_time: i.end_time }),

  registrationCreated: (w: FakeZoomWebinar, r: FakeZoomRegistrant): ZoomEvent =>
    envelope("webinar.registration_created", w.accountId, { ...webinarFields(w), registrant: { ...r } }),

  registrationCancelled: (w: FakeZoomWebinar, r: FakeZoomRegistrant, at = Date.now()): ZoomEvent =>
    envelope("webinar.registration_cancelled", w.accountId, { ...webinarFields(w), registrant: { id: r.id, email: r.email, first_name: r.first_name, last_name: r.last_name } }, { operator: r.email }, at),

  participantJoined: (w: FakeZoomWebinar, i: FakeInstance, p: FakeParticipant, at = Date.now()): ZoomEvent =>
    envelope("webinar.participant_joined", w.accountId, {
      ...webinarFields(w, i.uuid),
      participant: { user_id: p.user_id, user_name: p.name, id: p.id ?? "", email: p.user_email ?? "", registrant_id: p.registrant_id, join_time: p.join_time },
    }, {}, at),

  participantLeft: (w: FakeZoomWebinar, i: FakeInstance, p: FakeParticipant, at = Date.now()): ZoomEvent =>
    envelope("webinar.participant_left", w.accountId, {
      ...webinarFields(w, i.uuid),
      participant: { user_id: p.user_id, user_name: p.name, id: p.id ?? "", email: p.user_email ?? "", registrant_id: p.registrant_id, leave_time: p.leave_time, leave_reason: "left the webinar" },
    }, {}, at),

  recordingCompleted: (w: FakeZoomWebinar, r: FakeRecording, event = "recording.completed"): ZoomEvent => ({
    ...envelope(event, w.accountId, {
      ...webinarFields(w, r.uuid),
      host_email: w.host_email,
      share_url: r.share_url,
      start_time: r.start_time,
      duration: r.duration,
      total_size: r.recording_files.reduce((n, f) => n + f.file_size, 0),
      recording_count: r.recording_files.length,
      recording_files: event === "recording.transcript_completed" ? r.recording_files.filter((f) => f.file_type === "TRANSCRIPT") : r.recording_files,
    }),
    download_token: r.download_token,
  }),

  appDeauthorized: (accountId: string, userId: string, clientId: string): ZoomEvent =>
    envelope("app_deauthorized", accountId, {}, { user_id: userId, client_id: clientId, deauthorization_time: new Date().toISOString(), signature: "unused" }),
};
