import type { Runner } from "../db/statement";
import type { CountedRunView, LastRunView, LatestRunsOf } from "../settings/webinar-list";
import { latestRunsOf, type RunRow } from "./repository/runs";
import type { RunCounts } from "./runs";

/**
 * Sync runs as the JSON API shows them: GET /api/webinars/:webinarId/runs (newest first)
 * and each row of GET /api/webinars (`lastRun`, `numbers`). Times are ISO strings; ids
 * are the run's uuid (never in a message).
 */
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function runView(r: Pick<RunRow, "id" | "trigger" | "status" | "queuedAt" | "startedAt" | "finishedAt" | "written" | "total" | "message">): LastRunView {
  return {
    runId: r.id,
    trigger: r.trigger,
    status: r.status,
    queuedAt: new Date(r.queuedAt).toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    written: r.written,
    total: r.total,
    message: r.message,
  };
}

const EXCLUDED = ["hubspot_user", "excluded_domain", "invalid_email", "secondary_email", "no_email"] as const;

/** The numbers of a counted run (hubspot, excluded by reason, average attendance). */
export function countedView(raw: unknown): CountedRunView | null {
  const c = raw as Partial<RunCounts> | null;
  if (!c?.hubspot) return null;
  return {
    hubspot: { registrants: c.registrants ?? c.hubspot.registrations ?? 0, attendees: c.hubspot.attendees ?? 0 },
    excluded: Object.fromEntries(EXCLUDED.map((k) => [k, c.excluded?.[k] ?? 0])) as CountedRunView["excluded"],
    averageAttendancePercent: c.averageAttendancePercent ?? null,
  };
}

/** The page's latest runs in one statement (src/settings/webinar-list.ts LatestRunsOf), on the pool: prepared once per connection. */
export function latestRunsReader(on: Runner): LatestRunsOf {
  return async (ids) => {
    const rows = await latestRunsOf(on, ids);
    return new Map(
      rows.map((r) => [
        r.webinar_id,
        {
          lastRun:
            r.run_id && r.trigger && r.status && r.queued_at
              ? runView({
                  id: r.run_id, trigger: r.trigger, status: r.status, queuedAt: r.queued_at, startedAt: r.started_at,
                  finishedAt: r.finished_at, written: r.written ?? 0, total: r.total ?? 0, message: r.message ?? "",
                })
              : null,
          counted: countedView(r.counted),
        },
      ]),
    );
  };
}
