import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "../db/database";
import { HttpError, httpRequest } from "../lib/http-client";
import { RateBudget, type BudgetOptions } from "./budget";
import { hubspotErrorKind, isRateLimited, outcomeUnknown, toHubSpotError } from "./errors";

/**
 * Every HubSpot call goes through here (the sync's and all others; writers are built
 * one way only, `hubspotWriters`, which the composition root hands out as
 * services.hubspotApi): one slot of the portal's shared budget per attempt (search
 * requests from their own budget: 5 per second, outside the 110 per 10 s), then the call.
 *
 * This is the ONE retry layer of a HubSpot call (the HTTP client is called with
 * `retries: 0`). Only transient errors (`hubspotErrorKind`, src/hubspot/errors.ts) are
 * tried again: a 429 pauses the whole portal for HubSpot's window (its
 * `X-HubSpot-RateLimit-Interval-Milliseconds`, or Retry-After); 5xx and network errors
 * back off. After `attempts` (4, unless the caller asks for fewer: the workflow action,
 * answered while HubSpot waits, makes one) the error is thrown: the sync job fails and is retried
 * later (the job retries only transient errors; syncing is resumable, nothing is lost).
 * Any other answer (a 400 VALIDATION_ERROR above all, 401/403, 404) is thrown at once as
 * a HubSpotError carrying HubSpot's category and details: the sync reports it in the
 * webinar's audit log rather than retrying what HubSpot will refuse again.
 *
 * A write that is not idempotent (`once`) is not sent again when its outcome is unknown
 * (the answer was lost after the request left): the error is thrown, and the caller's
 * intent record makes the next sync look the write up before creating anything.
 */
export const BATCH_LIMIT = 100;

export interface WriterOptions {
  budget?: Partial<BudgetOptions>;
  /** The search budget (HubSpot: 5 per second), for tests that use a faster fake. */
  searchBudget?: Partial<BudgetOptions>;
  /** Attempts per call before giving up (the job retries later); 4 by default. */
  attempts?: number;
  baseDelayMs?: number;
  /** The longest wait for a slot of the budget before RateBudgetFull (default: no limit). */
  maxBudgetWaitMs?: number;
}

/** What a writer is built from: the portal's access tokens (the vault), HubSpot's base URL, the database (the budget). */
export interface WriterDeps {
  vault: { getHubSpotAccessToken(portalId: bigint): Promise<string> };
  config: { hubspot: { apiBaseUrl: string } };
  db: { prisma: PrismaClient };
}

/** A portal's writer, with per-caller options (a caller someone waits for gives up sooner). */
export type HubSpotWriters = (portalId: bigint, options?: WriterOptions) => HubSpotWriter;

/** The one way to build HubSpot writers. */
export const hubspotWriters = (deps: WriterDeps): HubSpotWriters => HubSpotWriter.builder(deps);

export class HubSpotWriter {
  private readonly budget: RateBudget;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxBudgetWaitMs: number;
  /** Calls sent (attempts included), for logs and the benchmark. */
  calls = 0;

  static builder(deps: WriterDeps): HubSpotWriters {
    return (portalId, options) => new HubSpotWriter(deps, portalId, options);
  }

  private constructor(
    private readonly s: WriterDeps,
    readonly portalId: bigint,
    options: WriterOptions = {},
  ) {
    this.budget = new RateBudget(s.db.prisma, options.budget, options.searchBudget);
    this.attempts = options.attempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxBudgetWaitMs = options.maxBudgetWaitMs ?? Infinity;
  }

  async call<T>(method: "GET" | "POST" | "PUT" | "PATCH", path: string, options: CallOptions = {}): Promise<T> {
    const search = method === "POST" && path.endsWith("/search");
    for (let attempt = 1; ; attempt++) {
      // The token first: between the granted slot and the send there is only the network.
      const token = await this.s.vault.getHubSpotAccessToken(this.portalId);
      await this.budget.take(this.portalId, this.maxBudgetWaitMs, search ? "search" : "api");
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
        const rateLimited = isRateLimited(err);
        // Every caller of the portal stays away, also when this one gives up now.
        if (rateLimited) await this.budget.pause(this.portalId, rateLimitPauseMs(err), search ? "search" : "api");
        if (hubspotErrorKind(err) !== "transient" || attempt >= this.attempts) throw err;
        if (options.once && outcomeUnknown(err)) throw err;
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

export interface CallOptions {
  json?: unknown;
  query?: Record<string, string | number | undefined>;
  /**
   * Not idempotent (it creates something each time): never re-sent after an unknown
   * outcome; the caller recorded its intent and looks the write up next time.
   */
  once?: boolean;
}

export function chunk<T>(items: T[], size = BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `concurrency` at a time; the first error wins. */
export async function inPool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { err: unknown } | undefined;
  const lane = async () => {
    while (failed === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        failed ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failed !== undefined) throw failed.err;
}
