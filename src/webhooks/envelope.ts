import { createHash } from "node:crypto";
import { z } from "zod";
import { firstProblem } from "../http/invalid-input";
import { APP_DEAUTHORIZED, isHandledEvent, isParticipantEvent, isRegistrationEvent, URL_VALIDATION } from "../zoom/events";
import {
  IntakeAccount, IntakeObject, IntakeParticipant, IntakeRegistrant, participantKeyOf, UrlValidationPayload, ZoomEventHeader,
} from "../zoom/schemas";

/**
 * What the intake needs from a signed body before it records it: the envelope, the
 * handful of fields that name the event's object and person (so a redelivery can be
 * recognised), nothing more. Deeper parsing happens in processing, where a bad field
 * ends as a visible failed event instead of a payload Zoom would retry and then drop.
 */

/** Zoom's event header over a payload read field by field below (schemas: src/zoom/schemas.ts). */
const Envelope = ZoomEventHeader.extend({ payload: z.record(z.string(), z.unknown()) });

export type IntakeEvent =
  | { kind: "url_validation"; plainToken: string }
  | { kind: "event"; type: string; handled: boolean; accountId?: string; eventTs?: number; businessKey: string };

export class MalformedEvent extends Error {}

/** A JSON `\u0000` escape (not an escaped backslash before "u0000"): Postgres' jsonb cannot hold it. */
export const NUL_ESCAPE = /(^|[^\\])(\\\\)*\\u0000/;

export function readIntakeEvent(body: unknown, rawBody: Buffer): IntakeEvent {
  // The byte search is native and almost always says no; the exact check runs only then.
  if (rawBody.includes("\\u0000") && NUL_ESCAPE.test(rawBody.toString("utf8"))) throw new MalformedEvent("body: NUL characters (\\u0000) are not accepted");
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) throw new MalformedEvent(firstProblem(envelope.error));
  const { event: type, event_ts: eventTs, payload } = envelope.data;

  if (type === URL_VALIDATION) {
    const token = UrlValidationPayload.safeParse(payload);
    if (!token.success) throw new MalformedEvent("payload.plainToken is required");
    return { kind: "url_validation", plainToken: token.data.plainToken };
  }
  if (!isHandledEvent(type)) {
    const accountId = typeof payload.account_id === "string" ? payload.account_id : undefined;
    return { kind: "event", type, handled: false, accountId, eventTs, businessKey: hash([type, "raw", sha256(rawBody)]) };
  }
  if (type === APP_DEAUTHORIZED) {
    const p = parse(IntakeAccount, payload);
    return { kind: "event", type, handled: true, accountId: p.account_id, eventTs, businessKey: hash([type, p.account_id, eventTs ?? sha256(rawBody)]) };
  }

  const p = parse(IntakeObject, payload);
  const object = p.object;
  let person = "";
  // A join or leave is identified by its own time, whatever the delivery; other events
  // by Zoom's event time (identical in a redelivery), or by the exact bytes without one.
  let when: string | number = eventTs ?? sha256(rawBody);
  if (isParticipantEvent(type)) {
    const participant = parse(IntakeParticipant, object.participant, "payload.object.participant");
    const key = participantKeyOf(participant);
    if (!key) throw new MalformedEvent("payload.object.participant has no user_id, participant_uuid, email or id");
    person = key;
    const time = type === "webinar.participant_joined" ? participant.join_time : participant.leave_time;
    if (time) when = time;
  } else if (isRegistrationEvent(type)) {
    const registrant = parse(IntakeRegistrant, object.registrant, "payload.object.registrant");
    person = registrant.id ?? registrant.email?.toLowerCase() ?? "";
    if (!person) throw new MalformedEvent("payload.object.registrant has no id or email");
  }
  return {
    kind: "event",
    type,
    handled: true,
    accountId: p.account_id,
    eventTs,
    businessKey: hash([type, p.account_id, object.id, object.uuid ?? "", person, when]),
  };
}

function parse<T extends z.ZodType>(schema: T, value: unknown, at = "payload"): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new MalformedEvent(firstProblem(result.error, at));
  return result.data;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const hash = (parts: unknown[]) => sha256(JSON.stringify(parts));
