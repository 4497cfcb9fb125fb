import type { PrismaClient } from "../../db/database";
import { query, statement, type Runner } from "../../db/statement";

/**
 * hubspot_contacts: the contacts the app wrote, per portal and email, with HubSpot's id
 * and the fingerprint of what was written; `deleted_at` once HubSpot no longer has one
 * (found by the sync, or told by a `contact.deletion` webhook). Privacy purges are
 * src/privacy's (ARCHITECTURE.md).
 */

export interface KnownContact {
  hubspotId: string | null;
  fingerprint: string | null;
  deleted: boolean;
}

/** One array parameter, not one parameter per email: a batch is thousands of people. */
const contactsByEmail = statement<{ email: string; hubspot_id: string | null; fingerprint: string | null; deleted: boolean }>(
  "sync.contactsByEmail",
  `SELECT email, hubspot_id, fingerprint, deleted_at IS NOT NULL AS deleted FROM hubspot_contacts
   WHERE portal_id = $1::bigint AND email IN (SELECT unnest($2::text[]))`,
);

/** Contacts of these emails the app wrote before, by email. */
export async function knownContacts(prisma: PrismaClient, portalId: bigint, emails: string[]): Promise<Map<string, KnownContact>> {
  if (emails.length === 0) return new Map();
  const rows = await query(prisma, contactsByEmail, [portalId, emails]);
  return new Map(rows.map((r) => [r.email, { hubspotId: r.hubspot_id, fingerprint: r.fingerprint, deleted: r.deleted }]));
}

const upsertContacts = statement(
  "sync.upsertWrittenContacts",
  `INSERT INTO hubspot_contacts (portal_id, email, hubspot_id, fingerprint, written_at)
   SELECT $1::bigint, e, h, f, now()
   FROM unnest($2::text[], $3::text[], $4::text[]) AS t(e, h, f)
   ON CONFLICT (portal_id, email) DO UPDATE
     SET hubspot_id = COALESCE(EXCLUDED.hubspot_id, hubspot_contacts.hubspot_id), fingerprint = EXCLUDED.fingerprint,
         written_at = now()`,
);

export async function saveWrittenContacts(
  prisma: PrismaClient,
  portalId: bigint,
  contacts: { email: string; hubspotId: string | null; fingerprint: string }[],
): Promise<void> {
  if (contacts.length === 0) return;
  await query(prisma, upsertContacts, [
    portalId,
    contacts.map((c) => c.email),
    contacts.map((c) => c.hubspotId),
    contacts.map((c) => c.fingerprint),
  ]);
}

/** HubSpot no longer has these contacts the app wrote: they were deleted there. */
export async function markContactsDeleted(prisma: PrismaClient, portalId: bigint, emails: string[]): Promise<void> {
  if (emails.length === 0) return;
  await prisma.hubSpotContact.updateMany({ where: { portalId, email: { in: emails } }, data: { deletedAt: new Date() } });
}

const markDeletedById = statement<{ email: string }>(
  "sync.markContactDeletedById",
  `UPDATE hubspot_contacts SET deleted_at = $3::timestamptz
   WHERE portal_id = $1::bigint AND hubspot_id = $2::text AND deleted_at IS NULL
   RETURNING email`,
);

/**
 * HubSpot says it deleted this contact (a `contact.deletion` webhook, src/hubspot-webhooks):
 * the contact counts as deleted from `deletedAt`. Runs in the caller's transaction;
 * answers whether the app had written it (and not marked it deleted yet).
 */
export async function markContactDeletedInHubSpot(tx: Runner, portalId: bigint, hubspotId: string, deletedAt: Date): Promise<boolean> {
  const rows = await query(tx, markDeletedById, [portalId, hubspotId, deletedAt]);
  return rows.length > 0;
}

/** Of these emails, the portal's contacts the app wrote that HubSpot still has, with their ids. */
export async function liveContacts(prisma: PrismaClient, portalId: bigint, emails: string[]): Promise<{ email: string; hubspotId: string }[]> {
  const rows = await prisma.hubSpotContact.findMany({
    where: { portalId, email: { in: emails }, deletedAt: null, hubspotId: { not: null } },
    select: { email: true, hubspotId: true },
  });
  return rows.flatMap((r) => (r.hubspotId === null ? [] : [{ email: r.email, hubspotId: r.hubspotId }]));
}
