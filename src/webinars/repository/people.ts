import { query, statement, type Runner } from "../../db/statement";

/**
 * The registrants and participant_events tables (owner: src/webinars). Each write is
 * idempotent and order-independent: a registration and its cancellation are ordered by
 * their own times, and a join or leave is one row per (person, kind, time) however
 * often it is delivered. Lists go in as arrays (`unnest`), so each statement has one
 * fixed text whatever the batch size.
 */

/** A registration as written (email lower-cased by the caller). */
export interface RegistrantRow {
  email: string;
  firstName: string;
  lastName: string;
  zoomRegistrantId: string | null;
  status: string;
  joinUrl: string | null;
  registeredAt: Date;
  source: string;
  /** The registration questions' answers ({question: value}); the latest registration's win, an older one fills the rest. */
  answers: Record<string, string>;
}

/** The latest registration's details win; an older one only fills what is missing. */
const REGISTRATION_CONFLICT = `
  ON CONFLICT (webinar_id, email) DO UPDATE SET
    first_name = CASE WHEN EXCLUDED.first_name <> '' AND (EXCLUDED.registered_at >= cur.registered_at OR cur.first_name = '') THEN EXCLUDED.first_name ELSE cur.first_name END,
    last_name = CASE WHEN EXCLUDED.last_name <> '' AND (EXCLUDED.registered_at >= cur.registered_at OR cur.last_name = '') THEN EXCLUDED.last_name ELSE cur.last_name END,
    zoom_registrant_id = CASE WHEN EXCLUDED.registered_at >= cur.registered_at THEN COALESCE(EXCLUDED.zoom_registrant_id, cur.zoom_registrant_id) ELSE COALESCE(cur.zoom_registrant_id, EXCLUDED.zoom_registrant_id) END,
    join_url = CASE WHEN EXCLUDED.registered_at >= cur.registered_at THEN COALESCE(EXCLUDED.join_url, cur.join_url) ELSE COALESCE(cur.join_url, EXCLUDED.join_url) END,
    status = CASE
      WHEN cur.cancelled_at IS NOT NULL AND cur.cancelled_at > EXCLUDED.registered_at THEN 'cancelled'
      WHEN EXCLUDED.registered_at >= cur.registered_at THEN EXCLUDED.status
      ELSE cur.status END,
    answers = CASE WHEN EXCLUDED.registered_at >= cur.registered_at THEN cur.answers || EXCLUDED.answers ELSE EXCLUDED.answers || cur.answers END,
    registered_at = GREATEST(cur.registered_at, EXCLUDED.registered_at),
    updated_at = now()`;

const REGISTRANT_COLUMNS = "id, webinar_id, email, first_name, last_name, zoom_registrant_id, status, join_url, registered_at, source, answers, updated_at";

const registration = statement(
  "webinars.recordRegistration",
  `INSERT INTO registrants AS cur (${REGISTRANT_COLUMNS})
   VALUES (gen_random_uuid(), $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::timestamptz, $9::text, $10::jsonb, now())
   ${REGISTRATION_CONFLICT}`,
);

/** Records a registration at its time; a cancellation recorded later in time still wins. */
export async function insertRegistration(on: Runner, webinarId: string, r: RegistrantRow): Promise<void> {
  await query(on, registration, [webinarId, r.email, r.firstName, r.lastName, r.zoomRegistrantId, r.status, r.joinUrl, r.registeredAt, r.source, JSON.stringify(r.answers)]);
}

/**
 * Registrations for webinars known by (connection, Zoom webinar id), one row per
 * registration in `input` (`ord`: its index, from 0), `target` those whose webinar is
 * known, written with the conflict rule above.
 */
const REGISTRATIONS_INPUT = "connection_id, zoom_webinar_id, email, first_name, last_name, zoom_registrant_id, status, join_url, registered_at, source, answers";
const REGISTRATIONS_ARRAYS = "$1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::jsonb[]";
const REGISTRATIONS_WRITTEN = `
  target AS (
    SELECT input.*, w.id AS webinar_id
    FROM input JOIN webinars w ON w.connection_id = input.connection_id AND w.zoom_webinar_id = input.zoom_webinar_id),
  written AS (
    INSERT INTO registrants AS cur (${REGISTRANT_COLUMNS})
    SELECT gen_random_uuid(), webinar_id, email, first_name, last_name, zoom_registrant_id, status, join_url, registered_at, source, answers, now()
    FROM target
    ${REGISTRATION_CONFLICT})`;
const REGISTRATIONS_FOUND = "SELECT (ord - 1)::int AS ord, webinar_id::text AS webinar_id FROM target";

const registrations = statement<{ ord: number; webinar_id: string }>(
  "webinars.recordRegistrations",
  `WITH input AS (
     SELECT * FROM unnest(${REGISTRATIONS_ARRAYS}) WITH ORDINALITY AS i (${REGISTRATIONS_INPUT}, ord)),
   ${REGISTRATIONS_WRITTEN}
   ${REGISTRATIONS_FOUND}`,
);

/**
 * The same, and for each registration recorded, the workflow call that made it
 * (src/workflow-action) gets its answer, in the same statement: the fact and HubSpot's
 * answer commit together, in one round trip per group-committed batch (the workflow
 * action's hot path). The only statement here that writes workflow_calls.
 */
const registrationsAnsweringCalls = statement<{ ord: number; webinar_id: string }>(
  "webinars.recordRegistrationsAnsweringCalls",
  `WITH input AS (
     SELECT * FROM unnest(${REGISTRATIONS_ARRAYS}, $12::text[], $13::jsonb[]) WITH ORDINALITY AS i (${REGISTRATIONS_INPUT}, callback_id, response, ord)),
   ${REGISTRATIONS_WRITTEN},
   answered AS (
     UPDATE workflow_calls AS w SET state = 'done', response = target.response, completed_at = $14::timestamptz
     FROM target WHERE w.callback_id = target.callback_id AND w.state = 'in_progress')
   ${REGISTRATIONS_FOUND}`,
);

export interface RegistrationForZoomWebinarRow extends RegistrantRow {
  connectionId: string;
  zoomWebinarId: string;
}

const registrationArrays = (rows: RegistrationForZoomWebinarRow[]) => [
  rows.map((r) => r.connectionId),
  rows.map((r) => r.zoomWebinarId),
  rows.map((r) => r.email),
  rows.map((r) => r.firstName),
  rows.map((r) => r.lastName),
  rows.map((r) => r.zoomRegistrantId),
  rows.map((r) => r.status),
  rows.map((r) => r.joinUrl),
  rows.map((r) => r.registeredAt.toISOString()),
  rows.map((r) => r.source),
  rows.map((r) => JSON.stringify(r.answers)),
];

/** Per row, the webinar's row id where it was written, undefined where the webinar is not known. */
function webinarIdsOf(count: number, found: { ord: number; webinar_id: string }[]): (string | undefined)[] {
  const webinarIds = Array.from({ length: count }, (): string | undefined => undefined);
  for (const row of found) webinarIds[row.ord] = row.webinar_id;
  return webinarIds;
}

/**
 * Registrations for several webinars known by (connection, Zoom webinar id), in one
 * statement that also finds them. No two rows may be the same person for the same webinar.
 */
export async function insertRegistrationsForZoomWebinars(on: Runner, rows: RegistrationForZoomWebinarRow[]): Promise<(string | undefined)[]> {
  if (rows.length === 0) return [];
  return webinarIdsOf(rows.length, await query(on, registrations, registrationArrays(rows)));
}

/** insertRegistrationsForZoomWebinars, completing each recorded row's workflow call with its answer. */
export async function insertRegistrationsAnsweringCalls(
  on: Runner,
  rows: (RegistrationForZoomWebinarRow & { callbackId: string; response: unknown })[],
): Promise<(string | undefined)[]> {
  if (rows.length === 0) return [];
  const params = [...registrationArrays(rows), rows.map((r) => r.callbackId), rows.map((r) => JSON.stringify(r.response)), new Date()];
  return webinarIdsOf(rows.length, await query(on, registrationsAnsweringCalls, params));
}

const cancellation = statement(
  "webinars.recordCancellation",
  `INSERT INTO registrants AS cur (id, webinar_id, email, first_name, last_name, zoom_registrant_id, status, registered_at, cancelled_at, source, updated_at)
   VALUES (gen_random_uuid(), $1::uuid, $2::text, $3::text, $4::text, $5::text, 'cancelled', $6::timestamptz, $6::timestamptz, $7::text, now())
   ON CONFLICT (webinar_id, email) DO UPDATE SET
     cancelled_at = GREATEST(cur.cancelled_at, EXCLUDED.cancelled_at),
     status = CASE WHEN cur.registered_at > EXCLUDED.cancelled_at THEN cur.status ELSE 'cancelled' END,
     updated_at = now()`,
);

/** Records a cancellation at `at`; a registration made later in time keeps the person registered. */
export async function insertCancellation(
  on: Runner,
  webinarId: string,
  c: { email: string; firstName: string; lastName: string; zoomRegistrantId: string | null; at: Date; source: string },
): Promise<void> {
  await query(on, cancellation, [webinarId, c.email, c.firstName, c.lastName, c.zoomRegistrantId, c.at, c.source]);
}

/** A join or leave as written (email lower-cased by the caller). */
export interface ParticipantEventRow {
  instanceUuid: string;
  participantKey: string;
  email: string | null;
  name: string;
  registrantId: string | null;
  kind: string;
  at: Date;
  source: string;
}

const joinsAndLeaves = statement<{ added: number }>(
  "webinars.recordJoinsAndLeaves",
  `WITH added AS (
     INSERT INTO participant_events (id, webinar_id, instance_uuid, participant_key, email, name, registrant_id, kind, at, source)
     SELECT gen_random_uuid(), $1::uuid, e.instance_uuid, e.participant_key, e.email, e.name, e.registrant_id, e.kind, e.at, e.source
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])
       AS e (instance_uuid, participant_key, email, name, registrant_id, kind, at, source)
     ON CONFLICT (webinar_id, participant_key, kind, at) DO NOTHING
     RETURNING 1)
   SELECT count(*)::int AS added FROM added`,
);

/** Joins and leaves of one webinar; how many were new. */
export async function insertJoinsAndLeaves(on: Runner, webinarId: string, rows: ParticipantEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const [row] = await query(on, joinsAndLeaves, [
    webinarId,
    rows.map((e) => e.instanceUuid),
    rows.map((e) => e.participantKey),
    rows.map((e) => e.email),
    rows.map((e) => e.name),
    rows.map((e) => e.registrantId),
    rows.map((e) => e.kind),
    rows.map((e) => e.at.toISOString()),
    rows.map((e) => e.source),
  ]);
  return row?.added ?? 0;
}
