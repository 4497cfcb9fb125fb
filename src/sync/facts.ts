import type { PrismaClient } from "../db/database";
import { mergeIntervals, pairSessions, totalMs, type Interval } from "../webinars/attendance";

/**
 * Recorded Zoom facts (registrants and join/leave events) read back per person. Emails
 * are compared lower-cased; a join/leave without an email is tied to a person through
 * another event of the same participant or through their registrant id.
 */

export interface RegistrationFact {
  webinarId: string;
  status: string;
  joinUrl: string | null;
  registeredAt: Date;
  cancelledAt: Date | null;
  updatedAt: Date;
  firstName: string;
  lastName: string;
}

export interface AttendanceFact {
  webinarId: string;
  intervals: Interval[];
  attendedMs: number;
  /** Participant name as Zoom showed it, for people who never registered. */
  name: string;
}

/** A registration that counts: not cancelled nor denied. */
export const isActiveRegistration = (r: { status: string; cancelledAt: Date | null }) =>
  r.status !== "cancelled" && r.status !== "denied" && !r.cancelledAt;

interface RegistrantRow {
  webinar_id: string;
  email: string;
  first_name: string;
  last_name: string;
  zoom_registrant_id: string | null;
  status: string;
  join_url: string | null;
  registered_at: Date;
  cancelled_at: Date | null;
  updated_at: Date;
}

interface EventRow {
  webinar_id: string;
  participant_key: string;
  email: string | null;
  name: string;
  registrant_id: string | null;
  kind: string;
  at: Date;
}

export interface Facts {
  registrations: Map<string, RegistrationFact[]>;
  attendance: Map<string, AttendanceFact[]>;
  /** Participants seen in Zoom that no email could be found for, per webinar. */
  withoutEmail: Map<string, number>;
  /** Webinars that have any join/leave event at all. */
  webinarsWithEvents: Set<string>;
}

/**
 * Facts of the given webinars, for everyone (`emails` undefined) or for these people.
 * `closeOpenAt(webinarId)` closes a session still open (the webinar's end, or now).
 */
export async function loadFacts(
  prisma: PrismaClient,
  webinarIds: string[],
  closeOpenAt: (webinarId: string) => number,
  emails?: string[],
): Promise<Facts> {
  const facts: Facts = { registrations: new Map(), attendance: new Map(), withoutEmail: new Map(), webinarsWithEvents: new Set() };
  if (webinarIds.length === 0) return facts;
  const all = emails === undefined;
  const list = emails ?? [];
  const registrants = await prisma.$queryRaw<RegistrantRow[]>`
    SELECT webinar_id::text, lower(email) AS email, first_name, last_name, zoom_registrant_id, status, join_url,
           registered_at, cancelled_at, updated_at
    FROM registrants
    WHERE webinar_id = ANY(${webinarIds}::uuid[]) AND (${all} OR lower(email) = ANY(${list}::text[]))`;
  const byZoomRegistrant = new Map<string, string>();
  for (const r of registrants) {
    if (r.zoom_registrant_id) byZoomRegistrant.set(`${r.webinar_id}:${r.zoom_registrant_id}`, r.email);
    push(facts.registrations, r.email, {
      webinarId: r.webinar_id,
      status: r.status,
      joinUrl: r.join_url,
      registeredAt: r.registered_at,
      cancelledAt: r.cancelled_at,
      updatedAt: r.updated_at,
      firstName: r.first_name,
      lastName: r.last_name,
    });
  }
  const regIds = [...byZoomRegistrant.keys()].map((k) => k.slice(k.indexOf(":") + 1));
  const events = await prisma.$queryRaw<EventRow[]>`
    SELECT webinar_id::text, participant_key, lower(email) AS email, name, registrant_id, kind, at
    FROM participant_events
    WHERE webinar_id = ANY(${webinarIds}::uuid[])
      AND (${all} OR lower(email) = ANY(${list}::text[]) OR registrant_id = ANY(${regIds}::text[])
           OR participant_key IN (SELECT participant_key FROM participant_events p2
                                  WHERE p2.webinar_id = ANY(${webinarIds}::uuid[]) AND lower(p2.email) = ANY(${list}::text[])))`;
  addAttendance(facts, events, byZoomRegistrant, closeOpenAt);
  return facts;
}

/** Facts of disjoint sets of webinars, together. */
export function mergeFacts(a: Facts, b: Facts): Facts {
  const lists = <T>(x: Map<string, T[]>, y: Map<string, T[]>) => {
    const out = new Map(x);
    for (const [k, v] of y) out.set(k, [...(out.get(k) ?? []), ...v]);
    return out;
  };
  return {
    registrations: lists(a.registrations, b.registrations),
    attendance: lists(a.attendance, b.attendance),
    withoutEmail: new Map([...a.withoutEmail, ...b.withoutEmail]),
    webinarsWithEvents: new Set([...a.webinarsWithEvents, ...b.webinarsWithEvents]),
  };
}

function addAttendance(facts: Facts, events: EventRow[], byZoomRegistrant: Map<string, string>, closeOpenAt: (id: string) => number) {
  // Who each participant is: the email of any of their events, else their registration's.
  const emailOf = new Map<string, string>();
  for (const e of events) {
    facts.webinarsWithEvents.add(e.webinar_id);
    const key = `${e.webinar_id}:${e.participant_key}`;
    const email = e.email || (e.registrant_id ? byZoomRegistrant.get(`${e.webinar_id}:${e.registrant_id}`) : undefined);
    if (email && !emailOf.has(key)) emailOf.set(key, email);
  }
  const grouped = new Map<string, { webinarId: string; email: string; name: string; events: EventRow[] }>();
  const anonymous = new Map<string, Set<string>>();
  for (const e of events) {
    const email = emailOf.get(`${e.webinar_id}:${e.participant_key}`);
    if (!email) {
      if (!anonymous.has(e.webinar_id)) anonymous.set(e.webinar_id, new Set());
      anonymous.get(e.webinar_id)!.add(e.participant_key);
      continue;
    }
    const g = `${e.webinar_id}\n${email}`;
    if (!grouped.has(g)) grouped.set(g, { webinarId: e.webinar_id, email, name: "", events: [] });
    const entry = grouped.get(g)!;
    entry.events.push(e);
    if (!entry.name && e.name) entry.name = e.name;
  }
  for (const [webinarId, keys] of anonymous) facts.withoutEmail.set(webinarId, keys.size);
  for (const { webinarId, email, name, events: list } of grouped.values()) {
    const sessions = pairSessions(
      list.map((e) => ({ participantKey: e.participant_key, kind: e.kind, at: e.at })),
      closeOpenAt(webinarId),
    );
    // Several devices or rejoins of one person: overlapping time counts once.
    const intervals = mergeIntervals([...sessions.values()].flat());
    if (intervals.length === 0) continue;
    push(facts.attendance, email, { webinarId, intervals, attendedMs: totalMs(intervals), name });
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
