import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "../db/database";
import { pauseRateBudget, takeRateBudgetSlot } from "./repository";

/**
 * HubSpot allows 110 requests per rolling 10 seconds per portal (reference §B5), shared
 * by every worker of every process. The budget lives in Postgres (table
 * hubspot_rate_budgets): the send times inside the window and a pause set after a 429.
 * `take` returns once this request may be sent; the row lock makes each grant atomic.
 */
export interface BudgetOptions {
  max: number;
  windowMs: number;
  /**
   * Added to the window: our send time is taken a little before HubSpot counts the
   * arrival, and requests do not arrive in the order they were granted.
   */
  marginMs: number;
}

export const HUBSPOT_LIMIT: BudgetOptions = { max: 110, windowMs: 10_000, marginMs: 300 };

/**
 * CRM search has its own limit, 5 requests per second per account, and is exempt from
 * the 110 per 10 s (reference §B3/§B7; `x-hubspot-rate-limit-exemptions: ten-secondly`
 * on every 2026-09 search operation, e.g. CRM/Contacts/…/2026-09/contacts.json). Its
 * window is kept in its own row of hubspot_rate_budgets, keyed by the negated portal
 * id (portal ids are positive), so neither budget eats the other's slots.
 */
export const HUBSPOT_SEARCH_LIMIT: BudgetOptions = { max: 5, windowMs: 1_000, marginMs: 150 };

/** Which of a portal's two budgets a request takes from. */
export type BudgetKind = "api" | "search";

/** The portal's HubSpot budget has no slot within the time the caller can wait. */
export class RateBudgetFull extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`HubSpot's rate limit for this portal is used up for the next ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = "RateBudgetFull";
  }
}

export class RateBudget {
  private readonly options: BudgetOptions;
  private readonly searchOptions: BudgetOptions;

  constructor(
    private readonly prisma: PrismaClient,
    options: Partial<BudgetOptions> = {},
    searchOptions: Partial<BudgetOptions> = {},
  ) {
    this.options = { ...HUBSPOT_LIMIT, ...options };
    this.searchOptions = { ...HUBSPOT_SEARCH_LIMIT, ...searchOptions };
  }

  /**
   * Waits until one request for this portal fits in the shared window, and books it.
   * With `maxWaitMs`, a caller that cannot wait that long (someone is waiting for its
   * answer) gets a RateBudgetFull instead.
   */
  async take(portalId: bigint, maxWaitMs = Infinity, kind: BudgetKind = "api"): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    const [key, options] = kind === "search" ? [-portalId, this.searchOptions] : [portalId, this.options];
    for (;;) {
      const wait = await this.tryTake(key, options);
      if (wait <= 0) return;
      if (Date.now() + wait > deadline) throw new RateBudgetFull(wait);
      // A little jitter so workers that wait for the same slot do not all wake at once.
      await sleep(wait + Math.floor(Math.random() * 15));
    }
  }

  /** HubSpot said 429: nobody sends for this portal for `ms`. */
  async pause(portalId: bigint, ms: number, kind: BudgetKind = "api"): Promise<void> {
    await pauseRateBudget(this.prisma, kind === "search" ? -portalId : portalId, ms);
  }

  /** 0 when granted, else milliseconds to wait before asking again. */
  private async tryTake(portalId: bigint, options: BudgetOptions): Promise<number> {
    const window = options.windowMs + options.marginMs;
    const max = options.max;
    const g = await takeRateBudgetSlot(this.prisma, portalId, window, max);
    if (!g || g.granted) return 0;
    const now = Number(g.now);
    // The window is full: wait for its oldest request to leave it.
    const untilSlot = g.used >= max && g.oldest !== null ? Number(g.oldest) + window - now : 0;
    return Math.max(1, untilSlot, Number(g.blocked_until) - now);
  }
}
