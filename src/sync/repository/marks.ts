import { createHash } from "node:crypto";
import type { PrismaClient } from "../../db/database";
import { query, statement } from "../../db/statement";

/**
 * What was already written to HubSpot. sync_marks (per webinar) and hubspot_contacts
 * (per portal, ./contacts.ts) are written right after HubSpot accepted a batch, so a sync
 * killed half-way resumes from there and an unchanged fact is not sent again.
 */
export const fingerprint = (value: unknown) => createHash("sha1").update(JSON.stringify(value)).digest("base64url").slice(0, 16);

export interface Mark {
  fingerprint: string;
  hubspotId: string | null;
}

/**
 * The fingerprint of an intent: a write that is not idempotent in HubSpot is about to be
 * sent (src/sync/recordings.ts); it has no HubSpot id until HubSpot answered.
 */
export const INTENT = "intent";

interface MarkRow {
  kind: string;
  key: string;
  fingerprint: string;
  hubspot_id: string | null;
}

/** One array parameter for the keys, not one parameter per key: a batch is thousands of people. */
const marksWithKeys = statement<MarkRow>(
  "sync.marksWithKeys",
  `SELECT kind, key, fingerprint, hubspot_id FROM sync_marks
   WHERE webinar_id = $1::uuid AND key IN (SELECT unnest($2::text[]))
     AND ($3::text IS NULL OR kind = $3::text)`,
);

/**
 * Marks of one webinar, keyed `${kind}:${key}`: all of them, or only those of a kind,
 * or only those with these keys (a batch of people's: their emails and timeline keys).
 */
export async function loadMarks(
  prisma: PrismaClient,
  webinarId: string,
  only: { kind?: string; keys?: string[] } = {},
): Promise<Map<string, Mark>> {
  if (only.keys?.length === 0) return new Map();
  const rows = only.keys
    ? await query(prisma, marksWithKeys, [webinarId, only.keys, only.kind ?? null])
    : (await prisma.syncMark.findMany({ where: { webinarId, ...(only.kind && { kind: only.kind }) } })).map((r) => ({
        kind: r.kind, key: r.key, fingerprint: r.fingerprint, hubspot_id: r.hubspotId,
      }));
  return new Map(rows.map((r) => [`${r.kind}:${r.key}`, { fingerprint: r.fingerprint, hubspotId: r.hubspot_id }]));
}

const upsertMarks = statement(
  "sync.upsertMarks",
  `INSERT INTO sync_marks (webinar_id, kind, key, fingerprint, hubspot_id, updated_at)
   SELECT $1::uuid, $2::text, k, f, h, now()
   FROM unnest($3::text[], $4::text[], $5::text[]) AS t(k, f, h)
   ON CONFLICT (webinar_id, kind, key) DO UPDATE
     SET fingerprint = EXCLUDED.fingerprint, hubspot_id = COALESCE(EXCLUDED.hubspot_id, sync_marks.hubspot_id), updated_at = now()`,
);

/** Records these marks (one statement for the whole batch); a mark's HubSpot id is kept when none is given. */
export async function saveMarks(
  prisma: PrismaClient,
  webinarId: string,
  kind: string,
  marks: { key: string; fingerprint: string; hubspotId?: string | null }[],
): Promise<void> {
  if (marks.length === 0) return;
  await query(prisma, upsertMarks, [
    webinarId,
    kind,
    marks.map((m) => m.key),
    marks.map((m) => m.fingerprint),
    marks.map((m) => m.hubspotId ?? null),
  ]);
}

/**
 * Of these keys, the fingerprints of one kind's marks, by key: `kind = … AND key IN (…)`
 * follows the primary key (webinar_id, kind, key). Per batch of 100 while the sync writes
 * attendance; the array form of `loadMarks` was planned far worse here while the table grows
 * (without HubSpot's rate limit, the bench's sync took 24 s instead of 18).
 */
export async function fingerprintsOfKind(prisma: PrismaClient, webinarId: string, kind: string, keys: string[]): Promise<Map<string, string>> {
  const rows = await prisma.syncMark.findMany({ where: { webinarId, kind, key: { in: keys } }, select: { key: true, fingerprint: true } });
  return new Map(rows.map((r) => [r.key, r.fingerprint]));
}

/** Forgets these marks of a kind (intents of writes HubSpot certainly did not carry out). */
export async function deleteMarks(prisma: PrismaClient, webinarId: string, kind: string, keys: string[]): Promise<void> {
  await prisma.syncMark.deleteMany({ where: { webinarId, kind, key: { in: keys } } });
}

/** Of these keys, the intents of a kind still without a HubSpot id, with when each was written. */
export async function openIntents(prisma: PrismaClient, webinarId: string, kind: string, keys: string[]): Promise<{ key: string; updatedAt: Date }[]> {
  return prisma.syncMark.findMany({
    where: { webinarId, kind, fingerprint: INTENT, hubspotId: null, key: { in: keys } },
    select: { key: true, updatedAt: true },
  });
}

/** Drops these intents when still without a HubSpot id (the write certainly did not happen). */
export async function dropOpenIntents(prisma: PrismaClient, webinarId: string, kind: string, keys: string[]): Promise<void> {
  await prisma.syncMark.deleteMany({ where: { webinarId, kind, key: { in: keys }, fingerprint: INTENT, hubspotId: null } });
}
