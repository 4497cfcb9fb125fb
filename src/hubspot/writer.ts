import { setTimeout as sleep } from "node:timers/promises";
import type { Services } from "../services";
import { HttpError, httpRequest, NetworkError } from "../lib/http-client";
import { RateBudget, type BudgetOptions } from "./budget";
import { toHubSpotError } from "./errors";

/**
 * Every HubSpot call goes through here (the sync's, and the others through
 * services.hubspotApi): one slot of the portal's shared
 * budget per attempt, then the call. A 429 pauses the whole portal for HubSpot's window
 * (its `X-HubSpot-RateLimit-Interval-Milliseconds`, or Retry-After) and tries again; 5xx
 * and network errors back off and try again. After `attempts` the error is thrown: the
 * sync job fails and is retried, and since syncing is resumable nothing is lost.
 * Any other answer (a 400 VALIDATION_ERROR above all) is thrown at once as a HubSpotError
 * carrying HubSpot's category and details (src/hubspot/errors.ts): the sync reports it
 * in the webinar's audit log rather than retrying what HubSpot will refuse again.
 */
export const BATCH_LIMIT = 100;

export interface WriterOptions {
  budget?: Partial<BudgetOptions>;
  /** Attempts per call before giving up (the job retries later). */
  attempts?: number;
  baseDelayMs?: number;
  /** The longest wait for a slot of the budget before RateBudgetFull (default: no limit). */
  maxBudgetWaitMs?: number;
}

export class HubSpotWriter {
  private readonly budget: RateBudget;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxBudgetWaitMs: number;
  /** Calls sent (attempts included), for logs and the benchmark. */
  calls = 0;

  constructor(
    private readonly s: Pick<Services, "vault" | "config" | "db">,
    readonly portalId: bigint,
    options: WriterOptions = {},
  ) {
    this.budget = new RateBudget(s.db.prisma, options.budget);
    this.attempts = options.attempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxBudgetWaitMs = options.maxBudgetWaitMs ?? Infinity;
  }

  async call<T>(method: "GET" | "POST" | "PUT" | "PATCH", path: string, options: { json?: unknown; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      // The token first: between the granted slot and the send there is only the network.
      const token = await this.s.vault.getHubSpotAccessToken(this.portalId);
      await this.budget.take(this.portalId, this.maxBudgetWaitMs);
      this.calls += 1;
      try {
        const res = await httpRequest<T>(
          { method, url: `${this.s.config.hubspot.apiBaseUrl}${path}`, query: options.query, json: options.json, headers: { authorization: `Bearer ${token}` } },
          // Retries are ours (below), each one taking its own slot of the budget.
          { retries: 0 },
        );
        return res.body;
      } catch (caught) {
        const err = toHubSpotError(caught);
        const retryable = err instanceof NetworkError || (err instanceof HttpError && (err.status === 429 || err.status >= 500));
        const rateLimited = err instanceof HttpError && err.status === 429;
        // Every caller of the portal stays away, also when this one gives up now.
        if (rateLimited) await this.budget.pause(this.portalId, rateLimitPauseMs(err));
        if (!retryable || attempt >= this.attempts) throw err;
        if (!rateLimited) {
          const exp = Math.min(10_000, this.baseDelayMs * 2 ** (attempt - 1));
          await sleep(exp / 2 + Math.random() * (exp / 2));
        }
      }
    }
  }
}

/** How long HubSpot asked us to stay away after a 429 (reference §B5). */
function rateLimitPauseMs(err: HttpError): number {
  const interval = Number(err.headers.get("x-hubspot-ratelimit-interval-milliseconds"));
  return err.retryAfterMs ?? (Number.isFinite(interval) && interval > 0 ? interval : 10_000);
}

export function chunk<T>(items: T[], size = BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `concurrency` at a time; the first error wins. */
export async function inPool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (failed === undefined && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failed !== undefined) throw failed;
}
