import type { Runner } from "../db/statement";
import {
  insertCancellation,
  insertJoinsAndLeaves,
  insertRegistration,
  insertRegistrationsAnsweringCalls,
  insertRegistrationsForZoomWebinars,
  type ParticipantEventRow,
  type RegistrantRow,
} from "./repository/people";

/**
 * Registrants and join/leave events, written through the repository
 * (src/webinars/repository/people.ts). Each write is idempotent and order-independent:
 * a registration and its cancellation are ordered by their own times, and a join or
 * leave is one row per (person, kind, time) however often it is delivered.
 */

export interface Registration {
  email: string;
  firstName?: string;
  lastName?: string;
  zoomRegistrantId?: string;
  /** approved | pending | denied */
  status: string;
  joinUrl?: string;
  at: Date;
  source: "webhook" | "api" | "workflow";
  /** Answers to the registration questions (src/zoom/registration-answers.ts). */
  answers?: Record<string, string>;
}

/** Records a registration at `at`; a cancellation recorded later in time still wins. */
export async function recordRegistration(tx: Runner, webinarId: string, r: Registration): Promise<void> {
  await insertRegistration(tx, webinarId, registrantRow(r));
}

/** A registration for the webinar known to us as (connection, Zoom webinar id). */
export interface RegistrationForZoomWebinar {
  connectionId: string;
  zoomWebinarId: string;
  registration: Registration;
}

/**
 * recordRegistration for several webinars known to us by (connection, Zoom webinar id),
 * in one statement that also finds them: per registration, its webinar's row id, or
 * undefined (nothing written for it) when that webinar is not known. No two of them may
 * be the same person for the same webinar. `tx` is a Prisma transaction, or a plain one
 * from src/db/transaction.
 */
export function recordRegistrationsForZoomWebinars(tx: Runner, items: RegistrationForZoomWebinar[]): Promise<(string | undefined)[]> {
  return insertRegistrationsForZoomWebinars(tx, items.map(forZoomWebinar));
}

/**
 * recordRegistrationsForZoomWebinars for registrations made by the workflow action: in
 * the same statement, each one recorded completes its workflow call with `output`
 * (src/workflow-action/record.ts), so the fact and HubSpot's answer commit together.
 */
export function recordWorkflowRegistrations(
  tx: Runner,
  items: (RegistrationForZoomWebinar & { callbackId: string; output: unknown })[],
): Promise<(string | undefined)[]> {
  return insertRegistrationsAnsweringCalls(tx, items.map((i) => ({ ...forZoomWebinar(i), callbackId: i.callbackId, response: i.output })));
}

const registrantRow = (r: Registration): RegistrantRow => ({
  email: r.email.toLowerCase(),
  firstName: r.firstName ?? "",
  lastName: r.lastName ?? "",
  zoomRegistrantId: r.zoomRegistrantId ?? null,
  status: r.status,
  joinUrl: r.joinUrl ?? null,
  registeredAt: r.at,
  source: r.source,
  answers: r.answers ?? {},
});

const forZoomWebinar = (i: RegistrationForZoomWebinar) => ({ connectionId: i.connectionId, zoomWebinarId: i.zoomWebinarId, ...registrantRow(i.registration) });

/**
 * One registration per email, for a batch written in one statement (Zoom's lists can
 * name a person twice: re-registrations, case-different emails). The same rule as the
 * write's conflict clause below, so the outcome does not depend on how the list was
 * cut into batches: the latest registration (by its own time; on a tie, the later in
 * the list) wins, and an older one only fills what the latest lacks (names, Zoom's
 * registrant id, join link).
 */
export function mergeDuplicateRegistrations(list: Registration[]): Registration[] {
  const byEmail = new Map<string, Registration>();
  for (const r of list) {
    const email = r.email.toLowerCase();
    const cur = byEmail.get(email);
    if (!cur) {
      byEmail.set(email, { ...r, email });
      continue;
    }
    const [latest, older] = r.at.getTime() >= cur.at.getTime() ? [{ ...r, email }, cur] : [cur, r];
    byEmail.set(email, {
      ...latest,
      firstName: latest.firstName || older.firstName,
      lastName: latest.lastName || older.lastName,
      zoomRegistrantId: latest.zoomRegistrantId ?? older.zoomRegistrantId,
      joinUrl: latest.joinUrl ?? older.joinUrl,
      answers: { ...older.answers, ...latest.answers },
    });
  }
  return [...byEmail.values()];
}

/** Records a cancellation at `at`; a registration made later in time keeps the person registered. */
export async function recordCancellation(
  tx: Runner,
  webinarId: string,
  c: { email: string; firstName?: string; lastName?: string; zoomRegistrantId?: string; at: Date; source: Registration["source"] },
): Promise<void> {
  await insertCancellation(tx, webinarId, {
    email: c.email.toLowerCase(),
    firstName: c.firstName ?? "",
    lastName: c.lastName ?? "",
    zoomRegistrantId: c.zoomRegistrantId ?? null,
    at: c.at,
    source: c.source,
  });
}

export interface JoinOrLeave {
  instanceUuid: string;
  participantKey: string;
  email?: string;
  name?: string;
  registrantId?: string;
  kind: "join" | "leave";
  at: Date;
  source: "webhook" | "report";
}

/** Many joins/leaves at once (participants API pages), in statements of 500 rows. Returns how many were new. */
export async function recordJoinsAndLeaves(tx: Runner, webinarId: string, events: JoinOrLeave[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < events.length; i += 500) {
    const rows = events.slice(i, i + 500).map(
      (e): ParticipantEventRow => ({
        instanceUuid: e.instanceUuid,
        participantKey: e.participantKey,
        email: e.email?.toLowerCase() ?? null,
        name: e.name ?? "",
        registrantId: e.registrantId ?? null,
        kind: e.kind,
        at: e.at,
        source: e.source,
      }),
    );
    added += await insertJoinsAndLeaves(tx, webinarId, rows);
  }
  return added;
}
