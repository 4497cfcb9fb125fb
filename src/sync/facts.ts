import type { PrismaClient } from "../db/database";
import { mergeIntervals, pairSessions, totalMs, type Interval } from "../webinars/attendance";
import {
  participantEventFactsOf,
  participantSummaryOf,
  peoplePageOf,
  registrantFactsOf,
  type ParticipantEventFactRow,
} from "../webinars/repository/facts";

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
  /** Answers to the webinar's registration questions ({question: value}). */
  answers?: Record<string, string>;
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

/** One recorded join/leave as `loadFacts` reads it back. */
export type EventRow = ParticipantEventFactRow;

export interface Facts {
  registrations: Map<string, RegistrationFact[]>;
  attendance: Map<string, AttendanceFact[]>;
  /** Participants seen in Zoom that no email could be found for, per webinar (only when loaded for everyone). */
  withoutEmail: Map<string, number>;
  /** Webinars that have any join/leave event at all (among those loaded). */
  webinarsWithEvents: Set<string>;
}

/**
 * Facts of the given webinars, for everyone (`emails` undefined) or for these people
 * (lower-cased): the sync reads a webinar's people a batch at a time, so this is keyed
 * by email and joins on the list rather than scanning for each. A participant (all the
 * events of one participant key in one webinar) is the person of the smallest email
 * among their events, else of the registration their registrant id names; the same
 * whichever batch reads them. `closeOpenAt(webinarId)` closes a session still open (the
 * webinar's end, or now).
 */
export async function loadFacts(
  prisma: PrismaClient,
  webinarIds: string[],
  closeOpenAt: (webinarId: string) => number,
  emails?: string[],
): Promise<Facts> {
  const facts: Facts = { registrations: new Map(), attendance: new Map(), withoutEmail: new Map(), webinarsWithEvents: new Set() };
  if (webinarIds.length === 0 || emails?.length === 0) return facts;
  const registrants = await registrantFactsOf(prisma, webinarIds, emails);
  for (const r of registrants) {
    push(facts.registrations, r.email, {
      webinarId: r.webinar_id,
      status: r.status,
      joinUrl: r.join_url,
      registeredAt: r.registered_at,
      cancelledAt: r.cancelled_at,
      updatedAt: r.updated_at,
      firstName: r.first_name,
      lastName: r.last_name,
      answers: r.answers,
    });
  }
  const events = await participantEventFactsOf(prisma, webinarIds, emails);
  addAttendance(facts, events, closeOpenAt);
  return facts;
}

/**
 * How many of a webinar's participants no email could be found for (for the report),
 * and whether it has any join/leave event at all: the sync no longer reads every
 * participant at once, so these are counted in the database.
 */
export function participantSummary(
  prisma: PrismaClient,
  webinarId: string,
): Promise<{ withoutEmail: number; matchedByRegistrantId: number; hasEvents: boolean }> {
  return participantSummaryOf(prisma, webinarId);
}

/**
 * A webinar's people a batch at a time, in email order (keyset paging): everyone with a
 * registration or a join/leave event that names an email. Only emails are held, one
 * batch of them; participants known only through their registrant id are registrants.
 */
export async function* peopleBatches(prisma: PrismaClient, webinarId: string, size: number): AsyncGenerator<string[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await peoplePageOf(prisma, webinarId, after, size);
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < size) return;
    after = last;
  }
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

/**
 * Adds the attendance of these join/leave events (sorted by webinar, person, time) to
 * `facts`: per person and webinar, each participant key's sessions, merged across keys
 * (devices, rejoins) so overlapping time counts once; participants without an email are
 * only counted per webinar.
 */
export function addAttendance(facts: Facts, events: EventRow[], closeOpenAt: (id: string) => number) {
  const grouped = new Map<string, { webinarId: string; email: string; name: string; events: EventRow[] }>();
  const anonymous = new Map<string, Set<string>>();
  for (const e of events) {
    facts.webinarsWithEvents.add(e.webinar_id);
    const email = e.email;
    if (!email) {
      const keys = anonymous.get(e.webinar_id) ?? new Set<string>();
      anonymous.set(e.webinar_id, keys);
      keys.add(e.participant_key);
      continue;
    }
    const g = `${e.webinar_id}\n${email}`;
    const entry = grouped.get(g) ?? { webinarId: e.webinar_id, email, name: "", events: [] };
    grouped.set(g, entry);
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
