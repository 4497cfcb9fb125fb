import { createHash } from "node:crypto";
import type { PrismaClient } from "../db/database";

/**
 * What was already written to HubSpot. sync_marks (per webinar) and hubspot_contacts
 * (per portal) are written right after HubSpot accepted a batch, so a sync killed
 * half-way resumes from there and an unchanged fact is not sent again.
 */
export const fingerprint = (value: unknown) => createHash("sha1").update(JSON.stringify(value)).digest("base64url").slice(0, 16);

export interface Mark {
  fingerprint: string;
  hubspotId: string | null;
}

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
    ? await prisma.$queryRaw<{ kind: string; key: string; fingerprint: string; hubspot_id: string | null }[]>`
        SELECT kind, key, fingerprint, hubspot_id FROM sync_marks
        WHERE webinar_id = ${webinarId}::uuid AND key IN (SELECT unnest(${only.keys}::text[]))
          AND (${only.kind ?? null}::text IS NULL OR kind = ${only.kind ?? null}::text)`
    : (await prisma.syncMark.findMany({ where: { webinarId, ...(only.kind && { kind: only.kind }) } })).map((r) => ({
        kind: r.kind, key: r.key, fingerprint: r.fingerprint, hubspot_id: r.hubspotId,
      }));
  return new Map(rows.map((r) => [`${r.kind}:${r.key}`, { fingerprint: r.fingerprint, hubspotId: r.hubspot_id }]));
}

export async function saveMarks(
  prisma: PrismaClient,
  webinarId: string,
  kind: string,
  marks: { key: string; fingerprint: string; hubspotId?: string | null }[],
): Promise<void> {
  if (marks.length === 0) return;
  await prisma.$executeRaw`
    INSERT INTO sync_marks (webinar_id, kind, key, fingerprint, hubspot_id, updated_at)
    SELECT ${webinarId}::uuid, ${kind}, k, f, h, now()
    FROM unnest(${marks.map((m) => m.key)}::text[], ${marks.map((m) => m.fingerprint)}::text[],
                ${marks.map((m) => m.hubspotId ?? null)}::text[]) AS t(k, f, h)
    ON CONFLICT (webinar_id, kind, key) DO UPDATE
      SET fingerprint = EXCLUDED.fingerprint, hubspot_id = COALESCE(EXCLUDED.hubspot_id, sync_marks.hubspot_id), updated_at = now()`;
}

export interface KnownContact {
  hubspotId: string | null;
  fingerprint: string | null;
  deleted: boolean;
}

/** Contacts of these emails the app wrote before, by email. */
export async function knownContacts(prisma: PrismaClient, portalId: bigint, emails: string[]): Promise<Map<string, KnownContact>> {
  if (emails.length === 0) return new Map();
  // One array parameter, not one parameter per email: a batch is thousands of people.
  const rows = await prisma.$queryRaw<{ email: string; hubspot_id: string | null; fingerprint: string | null; deleted: boolean }[]>`
    SELECT email, hubspot_id, fingerprint, deleted_at IS NOT NULL AS deleted FROM hubspot_contacts
    WHERE portal_id = ${portalId} AND email IN (SELECT unnest(${emails}::text[]))`;
  return new Map(rows.map((r) => [r.email, { hubspotId: r.hubspot_id, fingerprint: r.fingerprint, deleted: r.deleted }]));
}

export async function saveWrittenContacts(
  prisma: PrismaClient,
  portalId: bigint,
  contacts: { email: string; hubspotId: string | null; fingerprint: string }[],
): Promise<void> {
  if (contacts.length === 0) return;
  await prisma.$executeRaw`
    INSERT INTO hubspot_contacts (portal_id, email, hubspot_id, fingerprint, written_at)
    SELECT ${portalId}, e, h, f, now()
    FROM unnest(${contacts.map((c) => c.email)}::text[], ${contacts.map((c) => c.hubspotId)}::text[],
                ${contacts.map((c) => c.fingerprint)}::text[]) AS t(e, h, f)
    ON CONFLICT (portal_id, email) DO UPDATE
      SET hubspot_id = COALESCE(EXCLUDED.hubspot_id, hubspot_contacts.hubspot_id), fingerprint = EXCLUDED.fingerprint,
          written_at = now()`;
}

/** HubSpot no longer has these contacts the app wrote: they were deleted there. */
export async function markContactsDeleted(prisma: PrismaClient, portalId: bigint, emails: string[]): Promise<void> {
  if (emails.length === 0) return;
  await prisma.hubSpotContact.updateMany({ where: { portalId, email: { in: emails } }, data: { deletedAt: new Date() } });
}
