import type { PrismaClient } from "../../db/database";
import { query, statement, type Runner } from "../../db/statement";
import type { Prisma } from "../../generated/prisma/client";

/**
 * The sync_runs table (owner: src/sync): one row per sync of a webinar, queued by "Sync
 * now" or created when an automatic sync starts; src/sync/runs.ts says what the states mean.
 */

type Tx = Prisma.TransactionClient;

export type RunTrigger = "automatic" | "sync_now";
export type RunStatus = "queued" | "running" | "synced" | "partly_synced" | "failed" | "no_changes" | "skipped";
export const ACTIVE_STATUSES: RunStatus[] = ["queued", "running"];
/** Ended with HubSpot's side counted: the numbers of the settings list come from these. */
export const COUNTED_STATUSES: RunStatus[] = ["synced", "partly_synced", "no_changes"];

export interface RunRow {
  id: string;
  portalId: bigint;
  webinarId: string;
  trigger: string;
  status: string;
  jobId: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  written: number;
  total: number;
  counts: unknown;
  message: string;
}

export function createRun(
  tx: Tx,
  run: { portalId: bigint; webinarId: string; trigger: RunTrigger; status: "queued" | "running"; jobId?: string; message?: string },
): Promise<RunRow> {
  const now = new Date();
  return tx.syncRun.create({
    data: {
      portalId: run.portalId,
      webinarId: run.webinarId,
      trigger: run.trigger,
      status: run.status,
      jobId: run.jobId ?? null,
      queuedAt: now,
      ...(run.status === "running" && { startedAt: now }),
      message: run.message ?? "",
    },
  });
}

export function findRun(tx: Tx, id: string): Promise<RunRow | null> {
  return tx.syncRun.findUnique({ where: { id } });
}

export function findRunOfJob(tx: Tx, jobId: string): Promise<RunRow | null> {
  return tx.syncRun.findUnique({ where: { jobId } });
}

/** Names the job that works a run queued before its job id was known. */
export async function setRunJob(tx: Tx, id: string, jobId: string): Promise<void> {
  await tx.syncRun.updateMany({ where: { id, jobId: null }, data: { jobId } });
}

const startRunStatement = statement(
  "sync.startRun",
  `UPDATE sync_runs SET status = 'running', started_at = COALESCE(started_at, now()), finished_at = NULL,
     total = $2::int, written = 0, message = $3::text, updated_at = now()
   WHERE id = $1::uuid`,
);

/**
 * The run is working (again, after a retry): its people counted afresh, none done yet.
 * The start time stays the first attempt's.
 */
export async function startRun(on: Runner, id: string, total: number, message = ""): Promise<void> {
  await query(on, startRunStatement, [id, total, message]);
}

/** People done so far (a value, recomputed by the sync, not an increment). */
export async function setRunProgress(tx: Tx, id: string, written: number, total: number): Promise<void> {
  await tx.syncRun.updateMany({ where: { id, status: "running" }, data: { written, total, updatedAt: new Date() } });
}

export async function setRunMessage(tx: Tx, id: string, message: string): Promise<void> {
  await tx.syncRun.updateMany({ where: { id, status: { in: ACTIVE_STATUSES } }, data: { message, updatedAt: new Date() } });
}

export async function finishRun(
  tx: Tx,
  id: string,
  end: { status: Exclude<RunStatus, "queued" | "running">; message: string; counts?: Prisma.InputJsonValue; written?: number },
): Promise<void> {
  const now = new Date();
  await tx.syncRun.update({
    where: { id },
    data: {
      status: end.status,
      message: end.message,
      finishedAt: now,
      updatedAt: now,
      ...(end.counts !== undefined && { counts: end.counts }),
      ...(end.written !== undefined && { written: end.written }),
    },
  });
}

/** Ends a run as failed unless it ended already (a job given up after its retries). */
export async function failRunIfActive(tx: Tx, id: string, message: string): Promise<boolean> {
  const now = new Date();
  const { count } = await tx.syncRun.updateMany({
    where: { id, status: { in: ACTIVE_STATUSES } },
    data: { status: "failed", message, finishedAt: now, updatedAt: now },
  });
  return count > 0;
}

/**
 * Runs of this webinar still "running" with no progress since `before` (their worker died
 * and their job is gone), other than `except`: failed, so none stays running for ever.
 */
export async function failStaleRuns(tx: Tx, webinarId: string, before: Date, message: string, except?: string): Promise<number> {
  const now = new Date();
  const { count } = await tx.syncRun.updateMany({
    where: { webinarId, status: "running", updatedAt: { lt: before }, ...(except && { id: { not: except } }) },
    data: { status: "failed", message, finishedAt: now, updatedAt: now },
  });
  return count;
}

/** A webinar's runs, newest first. */
export function runsOfWebinar(tx: Tx, webinarId: string, limit: number): Promise<RunRow[]> {
  return tx.syncRun.findMany({ where: { webinarId }, orderBy: [{ queuedAt: "desc" }, { id: "desc" }], take: limit });
}

export interface LatestRunRow {
  webinar_id: string;
  run_id: string | null;
  trigger: string | null;
  status: string | null;
  queued_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  written: number | null;
  total: number | null;
  message: string | null;
  counted: unknown;
}

/**
 * For each of these webinars, its newest run and the counts of its newest counted run
 * (synced, partly synced, no changes): one statement for a whole page of the settings
 * list, each lateral join one walk of the (webinar_id, queued_at DESC) index.
 */
const latestRuns = statement<LatestRunRow>(
  "sync.latestRuns",
  `SELECT w.id::text AS webinar_id, l.id::text AS run_id, l.trigger, l.status, l.queued_at, l.started_at, l.finished_at,
     l.written, l.total, l.message, c.counts AS counted
   FROM unnest($1::uuid[]) AS w(id)
   LEFT JOIN LATERAL (
     SELECT r.id, r.trigger, r.status, r.queued_at, r.started_at, r.finished_at, r.written, r.total, r.message
     FROM sync_runs r WHERE r.webinar_id = w.id ORDER BY r.queued_at DESC, r.id DESC LIMIT 1
   ) l ON true
   LEFT JOIN LATERAL (
     SELECT r.counts FROM sync_runs r
     WHERE r.webinar_id = w.id AND r.status IN ('synced', 'partly_synced', 'no_changes')
     ORDER BY r.queued_at DESC, r.id DESC LIMIT 1
   ) c ON true`,
  { prepare: true },
);

export function latestRunsOf(on: Runner, webinarIds: string[]): Promise<LatestRunRow[]> {
  if (webinarIds.length === 0) return Promise.resolve([]);
  return query(on, latestRuns, [webinarIds]);
}

const peopleCount = statement<{ n: number }>(
  "sync.peopleCount",
  `SELECT count(*)::int AS n FROM (
     SELECT lower(email) AS email FROM registrants WHERE webinar_id = $1::uuid
     UNION
     SELECT lower(email) FROM participant_events WHERE webinar_id = $1::uuid AND email <> ''
   ) people`,
);

/** The people a sync of this webinar considers (as src/webinars' peoplePage pages them). */
export async function countPeople(on: PrismaClient | Runner, webinarId: string): Promise<number> {
  const [row] = await query(on, peopleCount, [webinarId]);
  return row?.n ?? 0;
}
