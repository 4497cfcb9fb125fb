import type { PrismaClient } from "../db/database";
import { query, statement, type Runner } from "../db/statement";
import type { Prisma } from "../generated/prisma/client";

/**
 * The tables of src/questions: `webinar_question_mappings` (a webinar's registration
 * questions mapped to contact properties) and `zoom_user_question_mappings` (a Zoom
 * user's defaults, copied to each of their webinars when the app first sees it). It also
 * reads, never writes, the webinars and zoom_users rows it needs to find (owner: src/webinars).
 */

type Db = PrismaClient | Prisma.TransactionClient;

export interface Mapping {
  question: string;
  property: string;
  overwrite: boolean;
}

const mappingOf = (m: Mapping): Mapping => ({ question: m.question, property: m.property, overwrite: m.overwrite });

export async function webinarMappings(db: Db, webinarId: string): Promise<Mapping[]> {
  const rows = await db.webinarQuestionMapping.findMany({ where: { webinarId }, orderBy: { question: "asc" } });
  return rows.map(mappingOf);
}

/** The mappings of several webinars (the sync reads those of the portal's synced webinars at once). */
export async function mappingsOfWebinars(db: Db, webinarIds: string[]): Promise<Map<string, Mapping[]>> {
  const out = new Map<string, Mapping[]>();
  if (webinarIds.length === 0) return out;
  const rows = await db.webinarQuestionMapping.findMany({ where: { webinarId: { in: webinarIds } } });
  for (const r of rows) out.set(r.webinarId, [...(out.get(r.webinarId) ?? []), mappingOf(r)]);
  return out;
}

/** Replaces the webinar's mappings with `list`, in one transaction. */
export async function replaceWebinarMappings(tx: Prisma.TransactionClient, webinarId: string, list: Mapping[]): Promise<void> {
  await tx.webinarQuestionMapping.deleteMany({ where: { webinarId } });
  if (list.length) await tx.webinarQuestionMapping.createMany({ data: list.map((m) => ({ webinarId, ...mappingOf(m) })) });
}

export async function userDefaultMappings(db: Db, connectionId: string, zoomUserId: string): Promise<Mapping[]> {
  const rows = await db.zoomUserQuestionMapping.findMany({ where: { connectionId, zoomUserId }, orderBy: { question: "asc" } });
  return rows.map(mappingOf);
}

export async function replaceUserDefaultMappings(tx: Prisma.TransactionClient, connectionId: string, zoomUserId: string, list: Mapping[]): Promise<void> {
  await tx.zoomUserQuestionMapping.deleteMany({ where: { connectionId, zoomUserId } });
  if (list.length) await tx.zoomUserQuestionMapping.createMany({ data: list.map((m) => ({ connectionId, zoomUserId, ...mappingOf(m) })) });
}

const copyDefaults = statement(
  "questions.copyDefaultsToWebinar",
  `INSERT INTO webinar_question_mappings (webinar_id, question, property, overwrite, updated_at)
   SELECT $1::uuid, d.question, d.property, d.overwrite, now()
   FROM zoom_user_question_mappings d
   WHERE d.connection_id = $2::uuid AND d.zoom_user_id = $3::text
   ON CONFLICT (webinar_id, question) DO NOTHING`,
);

/** A webinar new to the app gets its host's default mappings (its own, once set, are never replaced). */
export async function copyDefaultsToWebinar(tx: Runner, webinarId: string, connectionId: string, hostId: string): Promise<void> {
  await query(tx, copyDefaults, [webinarId, connectionId, hostId]);
}

export interface PortalWebinarRow {
  id: string;
  connection_id: string;
  zoom_webinar_id: string;
  topic: string;
  host_id: string | null;
}

const portalWebinar = statement<PortalWebinarRow>(
  "questions.portalWebinar",
  `SELECT w.id::text, w.connection_id::text, w.zoom_webinar_id, w.topic, w.host_id
   FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id
   WHERE c.portal_id = $1::bigint AND w.deleted_at IS NULL
     AND (w.zoom_webinar_id = $2::text OR w.id::text = $2::text)
   LIMIT 1`,
);

/** The portal's webinar by Zoom's webinar id or our row id (already normalised); another portal's is not found. */
export async function findPortalWebinarRow(db: Runner, portalId: bigint, id: string): Promise<PortalWebinarRow | undefined> {
  const [row] = await query(db, portalWebinar, [portalId, id]);
  return row;
}

const connectionWebinar = statement<{ id: string }>(
  "questions.connectionWebinar",
  "SELECT w.id::text FROM webinars w WHERE w.connection_id = $1::uuid AND w.zoom_webinar_id = $2::text",
);

/** Our row id of a connection's webinar, when the app knows it. */
export async function knownWebinarId(db: Runner, connectionId: string, zoomWebinarId: string): Promise<string | undefined> {
  return (await query(db, connectionWebinar, [connectionId, zoomWebinarId]))[0]?.id;
}

const zoomUser = statement<{ zoom_user_id: string; email: string; display_name: string }>(
  "questions.zoomUser",
  "SELECT zoom_user_id, email, display_name FROM zoom_users WHERE connection_id = $1::uuid AND zoom_user_id = $2::text",
);

export async function findZoomUserRow(db: Runner, connectionId: string, zoomUserId: string) {
  return (await query(db, zoomUser, [connectionId, zoomUserId]))[0];
}

const zoomWebinarMappings = statement<{ webinar_id: string; question: string | null; property: string | null; overwrite: boolean | null }>(
  "questions.zoomWebinarMappings",
  `SELECT w.id::text AS webinar_id, m.question, m.property, m.overwrite
   FROM webinars w LEFT JOIN webinar_question_mappings m ON m.webinar_id = w.id
   WHERE w.connection_id = $1::uuid AND w.zoom_webinar_id = $2::text`,
);

/**
 * The mappings of a connection's webinar by Zoom's id, in one round trip (the workflow
 * action's path); `known` false when the app has not seen the webinar yet.
 */
export async function mappingsOfZoomWebinar(db: Runner, connectionId: string, zoomWebinarId: string): Promise<{ known: boolean; mappings: Mapping[] }> {
  const rows = await query(db, zoomWebinarMappings, [connectionId, zoomWebinarId]);
  const mappings = rows.flatMap((r) => (r.question !== null && r.property !== null ? [{ question: r.question, property: r.property, overwrite: r.overwrite ?? false }] : []));
  return { known: rows.length > 0, mappings };
}
