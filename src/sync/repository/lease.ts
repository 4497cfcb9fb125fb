import type { PrismaClient } from "../../db/database";
import { query, statement } from "../../db/statement";

/** sync_leases: one sync per portal at a time (src/sync/lease.ts). */

const takeLease = statement<{ holder: string }>(
  "sync.takeLease",
  `INSERT INTO sync_leases (portal_id, holder, expires_at)
   VALUES ($1::bigint, $2::text, now() + make_interval(secs => $3::double precision))
   ON CONFLICT (portal_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
     WHERE sync_leases.expires_at < now() OR sync_leases.holder = EXCLUDED.holder
   RETURNING holder`,
);

/** Takes the portal's lease for `ttlMs` (or renews it when `holder` has it); false while another holds it. */
export async function takeSyncLease(prisma: PrismaClient, portalId: bigint, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await query(prisma, takeLease, [portalId, holder, ttlMs / 1000]);
  return rows.length > 0;
}

const releaseLease = statement("sync.releaseLease", `DELETE FROM sync_leases WHERE portal_id = $1::bigint AND holder = $2::text`);

export async function releaseSyncLease(prisma: PrismaClient, portalId: bigint, holder: string): Promise<void> {
  await query(prisma, releaseLease, [portalId, holder]);
}
