import type { z } from "zod";
import type { Webinar, ZoomConnection } from "../generated/prisma/client";
import type { WebinarsDeps } from "./deps";
import { reconcileAttendanceJob } from "./jobs";
import { ParticipantObject, participantKeyOf, RecordingObject, RegistrantObject, WebinarObject, type EventEnvelope } from "../zoom/schemas";
import { isMeetingType } from "./payloads";
import { recordCancellation, recordJoinsAndLeaves, recordRegistration } from "./people";
import { fetchTranscript, upsertRecording } from "./recordings";
import { isParticipantEvent, isRegistrationEvent } from "../zoom/events";
import { findWebinarByZoomId, updateWebinar, type Tx } from "./repository/webinars";
import { occurrencesOf, storedOccurrences, type Occurrence } from "../zoom/occurrences";
import { factsOf, upsertWebinar, type WebinarFacts } from "./webinar-facts";
import { ensureZoomUsers, findHost } from "./zoom-users";
import { answersOf } from "../zoom/registration-answers";

/**
 * One Zoom event applied to one connection's facts. Zoom is called (host lookup,
 * transcript) before the transaction; the transaction writes the facts and asks for a
 * HubSpot sync of the webinar, so the sync is requested exactly when facts were saved.
 */

/** The event can never be applied (bad payload): retrying would not help. */
export class PermanentEventError extends Error {}

export interface EventInput {
  type: string;
  envelope: EventEnvelope;
  /** Zoom's event time, else when we received it. */
  at: Date;
}

export async function applyEvent(s: WebinarsDeps, connection: ZoomConnection, e: EventInput): Promise<"applied" | "ignored"> {
  const object = e.envelope.payload.object;
  if (e.type.startsWith("recording.")) return applyRecording(s, connection, e, parse(RecordingObject, object, "payload.object"));
  const webinar = parse(WebinarObject, object, "payload.object");

  if (isParticipantEvent(e.type)) {
    const p = parse(ParticipantObject, webinar.participant, "payload.object.participant");
    const key = participantKeyOf(p);
    if (!key) throw new PermanentEventError("payload.object.participant has no identifier");
    const kind = e.type === "webinar.participant_joined" ? "join" : "leave";
    return onWebinar(s, connection, webinar, {}, (tx, row) =>
      recordJoinsAndLeaves(tx, row.id, [{
        instanceUuid: webinar.uuid ?? "",
        participantKey: key,
        email: p.email,
        name: p.user_name,
        registrantId: p.registrant_id,
        kind,
        // Ordered by the participant's own times, not by arrival (reference §A3).
        at: (kind === "join" ? p.join_time : p.leave_time) ?? e.at,
        source: "webhook",
      }]),
    );
  }

  if (isRegistrationEvent(e.type)) {
    const r = parse(RegistrantObject, webinar.registrant, "payload.object.registrant");
    const person = { email: r.email, firstName: r.first_name, lastName: r.last_name ?? undefined, zoomRegistrantId: r.id, at: e.at };
    return onWebinar(s, connection, webinar, {}, async (tx, row) => {
      if (e.type === "webinar.registration_cancelled") return recordCancellation(tx, row.id, { ...person, source: "webhook" });
      const status =
        e.type === "webinar.registration_denied" ? "denied" : e.type === "webinar.registration_approved" ? "approved" : (r.status ?? "approved");
      await recordRegistration(tx, row.id, { ...person, status, joinUrl: r.join_url, source: "webhook", answers: answersOf(r) });
    });
  }

  switch (e.type) {
    case "webinar.created":
      await ensureZoomUsers(s, connection.id);
      return onWebinar(s, connection, webinar, { ...factsOf(webinar), uuid: webinar.uuid, deletedAt: null });
    case "webinar.updated":
      // Only the changed fields are in the object (reference §A4): its occurrences may be the changed one only.
      return onWebinar(s, connection, webinar, { ...factsOf(webinar), occurrences: undefined });
    case "webinar.deleted": {
      // Occurrences of a recurring webinar deleted: the webinar stays, those occurrences are marked deleted.
      const gone = occurrencesOf(webinar);
      if (gone) return onWebinar(s, connection, webinar, {}, (tx, row) => markOccurrencesDeleted(tx, row, gone));
      if (webinar.occurrences?.length) return "ignored";
      return onWebinar(s, connection, webinar, { deletedAt: e.at });
    }
    case "webinar.recovered":
      return onWebinar(s, connection, webinar, { deletedAt: null });
    case "webinar.started":
      return onWebinar(s, connection, webinar, { uuid: webinar.uuid, actualStartTime: webinar.start_time ?? e.at, endedAt: null });
    case "webinar.ended": {
      const instance = { uuid: webinar.uuid, endedAt: webinar.end_time ?? e.at, actualStartTime: webinar.start_time ?? undefined };
      return onWebinar(s, connection, webinar, instance, async (tx, row) => {
        if (webinar.uuid) await s.queue.enqueue(reconcileAttendanceJob, { webinarId: row.id, instanceUuid: webinar.uuid }, { tx });
      });
    }
    default:
      return "ignored";
  }
}

async function applyRecording(s: WebinarsDeps, connection: ZoomConnection, e: EventInput, o: RecordingObject) {
  if (isMeetingType(o.type)) return "ignored" as const;
  const transcript = await fetchTranscript(s, connection.id, o.recording_files, e.envelope.download_token);
  return onWebinar(s, connection, o, {}, (tx, row) => upsertRecording(tx, row.id, o, transcript));
}

/**
 * Records the webinar's facts (`set` overwrite; the object's other webinar fields only
 * fill blanks) and then `write`, in one transaction, and requests the webinar's sync.
 * The host is looked up (from Zoom when unknown) only for a webinar seen for the first
 * time, still without a host email, or handed to another host.
 */
async function onWebinar(
  s: WebinarsDeps,
  connection: ZoomConnection,
  object: WebinarObject,
  set: WebinarFacts,
  write?: (tx: Tx, webinar: Webinar) => Promise<unknown>,
): Promise<"applied"> {
  const existing = await findWebinarByZoomId(s.db.prisma, connection.id, object.id);
  const hostChanged = set.hostId !== undefined && set.hostId !== existing?.hostId;
  const needHost = !existing || !existing.hostEmail || hostChanged;
  const host = needHost ? await findHost(s, connection.id, set.hostId ?? existing?.hostId ?? object.host_id) : undefined;
  // Other events' occurrences are the registrant's or the instance's, not the series'.
  const fill: WebinarFacts = { ...factsOf(object), occurrences: undefined, uuid: object.uuid, hostEmail: object.host_email?.toLowerCase() ?? host?.email };
  const setWithHost: WebinarFacts = hostChanged && host ? { ...set, hostEmail: host.email } : set;
  await s.db.prisma.$transaction(async (tx) => {
    const { webinar } = await upsertWebinar(tx, connection.id, object.id, { set: setWithHost, fill }, host?.syncNewWebinarsByDefault ?? true);
    if (write) await write(tx, webinar);
    await s.requestWebinarSync(webinar.id, { tx });
  });
  return "applied";
}

/** The recorded occurrences with these marked `deleted` (Zoom's own status for a deleted occurrence). */
async function markOccurrencesDeleted(tx: Tx, row: Webinar, gone: Occurrence[]) {
  const ids = new Set(gone.map((o) => o.occurrenceId));
  const recorded = storedOccurrences(row.occurrences);
  if (!recorded.some((o) => ids.has(o.occurrenceId) && o.status !== "deleted")) return;
  await updateWebinar(tx, row.id, { occurrences: recorded.map((o) => (ids.has(o.occurrenceId) ? { ...o, status: "deleted" } : o)) });
}

function parse<T extends z.ZodType>(schema: T, value: unknown, at: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new PermanentEventError(`${at}: ${result.error.message}`);
  throw new PermanentEventError(`${[at, ...issue.path.map(String)].join(".")}: ${issue.message}`);
}
