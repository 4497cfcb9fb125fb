import type { PrismaClient } from "../db/database";
import { query, statement } from "../db/statement";

/**
 * The tables of src/hubspot: hubspot_rate_budgets (the portal's shared request budget,
 * ./budget.ts) and hubspot_user_caches (the portal's HubSpot users, ./users.ts).
 */

// ---- hubspot_rate_budgets: one row per portal (its search budget under the negated id)

const pauseBudget = statement(
  "hubspot.pauseBudget",
  `INSERT INTO hubspot_rate_budgets (portal_id, stamps, blocked_until)
   VALUES ($1::bigint, ARRAY[]::bigint[], (extract(epoch from clock_timestamp()) * 1000)::bigint + $2::bigint)
   ON CONFLICT (portal_id) DO UPDATE SET blocked_until = GREATEST(hubspot_rate_budgets.blocked_until, EXCLUDED.blocked_until)`,
);

/** Nobody sends on this budget for `ms` (an earlier, longer pause stands). */
export async function pauseRateBudget(prisma: PrismaClient, budgetKey: bigint, ms: number): Promise<void> {
  await query(prisma, pauseBudget, [budgetKey, ms]);
}

const ensureBudget = statement(
  "hubspot.ensureBudget",
  `INSERT INTO hubspot_rate_budgets (portal_id) VALUES ($1::bigint) ON CONFLICT (portal_id) DO NOTHING`,
);
const lockBudget = statement("hubspot.lockBudget", `SELECT 1 FROM hubspot_rate_budgets WHERE portal_id = $1::bigint FOR UPDATE`);

export interface BudgetGrant {
  granted: boolean;
  used: number;
  now: bigint;
  oldest: bigint | null;
  blocked_until: bigint;
}

/** $1 budget key, $2 window (ms, margin included), $3 requests allowed in the window. */
const takeSlot = statement<BudgetGrant>(
  "hubspot.takeBudgetSlot",
  `WITH t AS (SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS now),
   cur AS (
     SELECT b.blocked_until, t.now,
            ARRAY(SELECT s FROM unnest(b.stamps) s WHERE s > t.now - $2::bigint ORDER BY s) AS live
     FROM hubspot_rate_budgets b, t WHERE b.portal_id = $1::bigint
   ),
   upd AS (
     UPDATE hubspot_rate_budgets b
     SET stamps = CASE WHEN cardinality(cur.live) < $3::int AND cur.blocked_until <= cur.now
                       THEN cur.live || cur.now ELSE cur.live END
     FROM cur WHERE b.portal_id = $1::bigint
     RETURNING 1
   )
   SELECT (cardinality(live) < $3::int AND blocked_until <= now) AS granted, cardinality(live) AS used, now,
          live[1] AS oldest, blocked_until
   FROM cur`,
);

/**
 * Books one request on the budget if the window has room and no pause holds; answers
 * what it found either way. A batch transaction of three statements (one round of
 * Prisma's batch, not an interactive transaction: this runs before every HubSpot call):
 * the row lock of the second serializes takers; the third starts after it, so it reads
 * the latest committed stamps.
 */
export async function takeRateBudgetSlot(
  prisma: PrismaClient,
  budgetKey: bigint,
  windowMs: number,
  max: number,
): Promise<BudgetGrant | undefined> {
  // A batch needs Prisma's own promises: the statements' text, run by $queryRawUnsafe.
  const [, , rows] = await prisma.$transaction([
    prisma.$queryRawUnsafe(ensureBudget.text, budgetKey),
    prisma.$queryRawUnsafe(lockBudget.text, budgetKey),
    prisma.$queryRawUnsafe<BudgetGrant[]>(takeSlot.text, budgetKey, windowMs, max),
  ]);
  return rows[0];
}

// ---- hubspot_user_caches

export async function cachedHubSpotUsers(prisma: PrismaClient, portalId: bigint): Promise<{ emails: string[]; fetchedAt: Date } | undefined> {
  const cached = await prisma.hubSpotUserCache.findUnique({ where: { portalId }, select: { emails: true, fetchedAt: true } });
  return cached ?? undefined;
}

export async function saveHubSpotUsers(prisma: PrismaClient, portalId: bigint, emails: string[], fetchedAt: Date): Promise<void> {
  await prisma.hubSpotUserCache.upsert({
    where: { portalId },
    create: { portalId, emails, fetchedAt },
    update: { emails, fetchedAt },
  });
}
