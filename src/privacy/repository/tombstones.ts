import { query, statement, type Runner } from "../../db/statement";

/** privacy_tombstones, owned by src/privacy (src/privacy/tombstone.ts says what they are). */

/** A later deletion moves the time on. */
const write = statement(
  "privacy.writeTombstones",
  `INSERT INTO privacy_tombstones (portal_id, email_hash, deleted_at)
   SELECT $1::bigint, h, $3::timestamptz FROM unnest($2::text[]) AS t(h)
   ON CONFLICT (portal_id, email_hash) DO UPDATE SET deleted_at = GREATEST(privacy_tombstones.deleted_at, EXCLUDED.deleted_at)`,
);

const anyOfPortal = statement("privacy.anyTombstone", `SELECT 1 FROM privacy_tombstones WHERE portal_id = $1 LIMIT 1`);

const ofHashes = statement<{ email_hash: string; deleted_at: Date }>(
  "privacy.tombstonesOf",
  `SELECT email_hash, deleted_at FROM privacy_tombstones WHERE portal_id = $1 AND email_hash = ANY($2::text[])`,
);

/** The latest registration of each of these (lower-cased) emails to any of the portal's webinars. */
const latestRegistrations = statement<{ email: string; at: Date }>(
  "privacy.latestRegistrations",
  `SELECT lower(r.email) AS email, max(r.registered_at) AS at
     FROM registrants r JOIN webinars w ON w.id = r.webinar_id JOIN zoom_connections c ON c.id = w.connection_id
    WHERE c.portal_id = $1 AND lower(r.email) = ANY($2::text[])
    GROUP BY 1`,
);

export async function upsertTombstones(on: Runner, portalId: bigint, emailHashes: string[], deletedAt: Date): Promise<void> {
  await query(on, write, [portalId, emailHashes, deletedAt]);
}

export async function portalHasTombstones(on: Runner, portalId: bigint): Promise<boolean> {
  return (await query(on, anyOfPortal, [portalId])).length > 0;
}

export const tombstonesOf = (on: Runner, portalId: bigint, emailHashes: string[]) => query(on, ofHashes, [portalId, emailHashes]);

export const latestRegistrationsOf = (on: Runner, portalId: bigint, emails: string[]) => query(on, latestRegistrations, [portalId, emails]);
