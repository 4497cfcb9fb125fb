import { Prisma } from "../generated/prisma/client";
import type { TransactionLike } from "../queue/queue";
import type { Tx } from "./webinar-facts";

/**
 * Registrants and join/leave events. Each write is idempotent and order-independent:
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
}

/** Records a registration at `at`; a cancellation recorded later in time still wins. */
export async function recordRegistration(tx: Tx, webinarId: string, r: Registration): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO registrants AS cur (${REGISTRANT_COLUMNS})
    VALUES (gen_random_uuid(), ${webinarId}::uuid, ${registrationValues(r)})
    ${REGISTRATION_CONFLICT}`;
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
 * be the same person for the same webinar. `tx` runs raw SQL (a Prisma transaction, or
 * a plain one from src/db/transaction). `alsoForRecorded`, when given, is one more
 * data-modifying statement run as part of the same statement, given the relation of
 * the registrations written (column `ord`: their index in `items`).
 */
export async function recordRegistrationsForZoomWebinars(
  tx: TransactionLike,
  items: RegistrationForZoomWebinar[],
  alsoForRecorded?: (recorded: Prisma.Sql) => Prisma.Sql,
): Promise<(string | undefined)[]> {
  if (items.length === 0) return [];
  const rows = items.map(
    ({ connectionId, zoomWebinarId, registration: r }, i) =>
      Prisma.sql`(${i}::int, ${connectionId}::uuid, ${zoomWebinarId}::text, ${r.email.toLowerCase()}::text, ${r.firstName ?? ""}::text,
                  ${r.lastName ?? ""}::text, ${r.zoomRegistrantId ?? null}::text, ${r.status}::text, ${r.joinUrl ?? null}::text,
                  ${r.at}::timestamptz, ${r.source}::text)`,
  );
  const statement = Prisma.sql`
    WITH input (ord, connection_id, zoom_webinar_id, email, first_name, last_name, zoom_registrant_id, status, join_url, registered_at, source) AS (
      VALUES ${Prisma.join(rows)}),
    target AS (
      SELECT input.*, w.id AS webinar_id
      FROM input JOIN webinars w ON w.connection_id = input.connection_id AND w.zoom_webinar_id = input.zoom_webinar_id),
    written AS (
      INSERT INTO registrants AS cur (${REGISTRANT_COLUMNS})
      SELECT gen_random_uuid(), webinar_id, email, first_name, last_name, zoom_registrant_id, status, join_url, registered_at, source, now()
      FROM target
      ${REGISTRATION_CONFLICT})
    ${alsoForRecorded ? Prisma.sql`, also AS (${alsoForRecorded(Prisma.raw("target"))})` : Prisma.empty}
    SELECT ord, webinar_id::text AS webinar_id FROM target`;
  const found = await tx.$queryRawUnsafe<{ ord: number; webinar_id: string }[]>(statement.text, ...statement.values);
  const webinarIds: (string | undefined)[] = items.map(() => undefined);
  for (const row of found) webinarIds[row.ord] = row.webinar_id;
  return webinarIds;
}

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
    });
  }
  return [...byEmail.values()];
}

const REGISTRANT_COLUMNS = Prisma.raw(
  "id, webinar_id, email, first_name, last_name, zoom_registrant_id, status, join_url, registered_at, source, updated_at",
);

const registrationValues = (r: Registration) =>
  Prisma.sql`${r.email.toLowerCase()}, ${r.firstName ?? ""}, ${r.lastName ?? ""}, ${r.zoomRegistrantId ?? null}, ${r.status},
             ${r.joinUrl ?? null}, ${r.at}::timestamptz, ${r.source}, now()`;

/** The latest registration's details win; an older one only fills what is missing. */
const REGISTRATION_CONFLICT = Prisma.raw(`
    ON CONFLICT (webinar_id, email) DO UPDATE SET
      first_name = CASE WHEN EXCLUDED.first_name <> '' AND (EXCLUDED.registered_at >= cur.registered_at OR cur.first_name = '') THEN EXCLUDED.first_name ELSE cur.first_name END,
      last_name = CASE WHEN EXCLUDED.last_name <> '' AND (EXCLUDED.registered_at >= cur.registered_at OR cur.last_name = '') THEN EXCLUDED.last_name ELSE cur.last_name END,
      zoom_registrant_id = CASE WHEN EXCLUDED.registered_at >= cur.registered_at THEN COALESCE(EXCLUDED.zoom_registrant_id, cur.zoom_registrant_id) ELSE COALESCE(cur.zoom_registrant_id, EXCLUDED.zoom_registrant_id) END,
      join_url = CASE WHEN EXCLUDED.registered_at >= cur.registered_at THEN COALESCE(EXCLUDED.join_url, cur.join_url) ELSE COALESCE(cur.join_url, EXCLUDED.join_url) END,
      status = CASE
        WHEN cur.cancelled_at IS NOT NULL AND cur.cancelled_at > EXCLUDED.registered_at THEN 'cancelled'
        WHEN EXCLUDED.registered_at >= cur.registered_at THEN EXCLUDED.status
        ELSE cur.status END,
      registered_at = GREATEST(cur.registered_at, EXCLUDED.registered_at),
      updated_at = now()`);

/** Records a cancellation at `at`; a registration made later in time keeps the person registered. */
export async function recordCancellation(
  tx: Tx,
  webinarId: string,
  c: { email: string; firstName?: string; lastName?: string; zoomRegistrantId?: string; at: Date; source: Registration["source"] },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO registrants AS cur (id, webinar_id, email, first_name, last_name, zoom_registrant_id, status, registered_at, cancelled_at, source, updated_at)
    VALUES (gen_random_uuid(), ${webinarId}::uuid, ${c.email.toLowerCase()}, ${c.firstName ?? ""}, ${c.lastName ?? ""},
            ${c.zoomRegistrantId ?? null}, 'cancelled', ${c.at}, ${c.at}, ${c.source}, now())
    ON CONFLICT (webinar_id, email) DO UPDATE SET
      cancelled_at = GREATEST(cur.cancelled_at, EXCLUDED.cancelled_at),
      status = CASE WHEN cur.registered_at > EXCLUDED.cancelled_at THEN cur.status ELSE 'cancelled' END,
      updated_at = now()`;
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
export async function recordJoinsAndLeaves(tx: Tx, webinarId: string, events: JoinOrLeave[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < events.length; i += 500) {
    const rows = events.slice(i, i + 500).map(
      (e) => Prisma.sql`(gen_random_uuid(), ${webinarId}::uuid, ${e.instanceUuid}, ${e.participantKey}, ${e.email?.toLowerCase() ?? null},
                         ${e.name ?? ""}, ${e.registrantId ?? null}, ${e.kind}, ${e.at}, ${e.source})`,
    );
    added += await tx.$executeRaw`
      INSERT INTO participant_events (id, webinar_id, instance_uuid, participant_key, email, name, registrant_id, kind, at, source)
      VALUES ${Prisma.join(rows)}
      ON CONFLICT (webinar_id, participant_key, kind, at) DO NOTHING`;
  }
  return added;
}
