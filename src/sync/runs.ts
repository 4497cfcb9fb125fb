import type { PrismaClient } from "../db/database";
import type { Prisma } from "../generated/prisma/client";
import type { ExclusionReason, HeldCounts, WrittenKind } from "../audit/messages";
import { plainMessage, RUN_WORDS } from "../audit/messages";
import type { SyncContext } from "./context";
import {
  countPeople, createRun, failStaleRuns, findRun, findRunOfJob, finishRun, setRunJob, setRunProgress, startRun, type RunStatus, type RunTrigger,
} from "./repository/runs";

/**
 * A sync run: one sync of a webinar to HubSpot, as the settings page shows it
 * (GET /api/webinars, GET /api/webinars/:id/runs).
 *
 *   queued (Sync now, in the transaction that enqueues its job)
 *     → running, "written of total": total = the people the sync considers, counted when
 *       it starts; written = the people done so far, set after each batch (a value, not
 *       an increment, so a retry starts again from 0 of the new total)
 *     → synced (no write failed) | partly_synced (HubSpot refused some writes: the
 *       report's errors) | no_changes (nothing needed writing) | skipped (sync off for
 *       this webinar: the reason in words) | failed (HubSpot refused for good, a
 *       connection problem, or the job gave up after its retries).
 *
 * An automatic sync creates its run when it starts, named by its job id; "Sync now"'s
 * job carries its run id. A retry of the job (after a transient error, or after the
 * sweeper resumed a dead worker's job) continues the same run. A run whose job is gone
 * for good (its worker died and the job expired) is failed by the next run of the
 * webinar once it has not moved for STALE_AFTER_MS.
 */
export const STALE_AFTER_MS = 60 * 60 * 1000;

export type { RunStatus, RunTrigger };

/** What a run reached HubSpot with, and what it left out (sync_runs.counts). */
export interface RunCounts {
  /** What HubSpot holds of this webinar after the run (the totals). */
  hubspot: HeldCounts;
  /** People never synced, by reason (CONTRACT.md §6 EMAILS_EXCLUDED). */
  excluded: Record<ExclusionReason, number>;
  /** Contacts deleted in HubSpot, not re-created. */
  deleted: number;
  /** Of the registrations in HubSpot, those not cancelled (as Zoom's registrant count). */
  registrants: number;
  /** What this run wrote. */
  written: Partial<Record<WrittenKind, number>>;
  /** Of the attendees HubSpot got, the average percent of the webinar they attended (null: no attendee). */
  averageAttendancePercent: number | null;
}

/** Where a sync reports its progress and its end: a row of sync_runs. */
export class RunTracker {
  constructor(
    private readonly prisma: PrismaClient,
    readonly id: string,
    private total = 0,
  ) {}

  /** Counts the people afresh and starts at 0 of them. */
  async start(webinarId: string, count: boolean) {
    this.total = count ? await countPeople(this.prisma, webinarId) : 0;
    await startRun(this.prisma, this.id, this.total);
  }

  /** `done` people of the run so far. */
  async progress(done: number) {
    this.total = Math.max(this.total, done);
    await setRunProgress(this.prisma, this.id, done, this.total);
  }

  async end(status: Exclude<RunStatus, "queued" | "running">, message: string, counts?: RunCounts) {
    await finishRun(this.prisma, this.id, {
      status,
      message: plainMessage(message),
      ...(counts && { counts: counts as unknown as Prisma.InputJsonValue, written: this.total }),
    });
  }
}

/**
 * The run a sync reports to: the one named (Sync now's), else its job's (a retry), else a
 * new automatic one. Stale runs of the webinar are failed on the way.
 */
export async function beginRun(
  prisma: PrismaClient,
  ctx: SyncContext,
  options: { runId?: string; jobId?: string; trigger?: RunTrigger },
): Promise<RunTracker> {
  let run = options.runId ? await findRun(prisma, options.runId) : null;
  if (run && options.jobId) await setRunJob(prisma, run.id, options.jobId);
  if (!run && options.jobId) run = await findRunOfJob(prisma, options.jobId);
  run ??= await createRun(prisma, {
    portalId: ctx.portal.id,
    webinarId: ctx.webinar.id,
    trigger: options.trigger ?? "automatic",
    status: "running",
    ...(options.jobId && { jobId: options.jobId }),
  });
  await failStaleRuns(prisma, ctx.webinar.id, new Date(Date.now() - STALE_AFTER_MS), RUN_WORDS.stale, run.id);
  return new RunTracker(prisma, run.id);
}
