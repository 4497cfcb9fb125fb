import type { Config } from "../config";
import type { PrismaClient } from "../db/database";
import { HubSpotError, isPermanent, permanentWords } from "../hubspot/errors";
import type { HubSpotWriter, HubSpotWriters, WriterOptions } from "../hubspot/writer";
import type { Logger } from "../lib/logger";
import type { Secrets } from "../lib/secrets";
import { closeOpenAt, loadSyncContext, skipReason, syncedWebinars, type SyncContext } from "./context";
import { secondaryEmails } from "../hubspot/contacts";
import { hubspotUserEmails } from "../hubspot/users";
import { checkAgainstHubSpot, noCounts, screenPeople, type Counts } from "./eligibility";
import { loadFacts, mergeFacts, peopleBatches } from "./facts";
import { isActiveRegistration, participantSummary } from "./facts";
import { erasedEmails, tombstoneKey } from "../privacy/tombstone";
import { withPortalLease } from "./lease";
import { loadMarks } from "./repository/marks";
import { attendanceWrites, contactWrite, pending, webinarPeople } from "./people";
import { keptValuesWanted, settleKeptValues } from "./answers";
import { mappingsOfWebinars } from "../questions/repository";
import { planRecordings, writeRecordings } from "./recordings";
import { SyncReport } from "./report";
import { beginRun, type RunTracker, type RunTrigger } from "./runs";
import { finishRun, setRunMessage } from "./repository/runs";
import { RUN_WORDS } from "../audit/messages";
import { WritePipeline } from "./stream";
import { planTimeline, unwritten } from "./timeline";
import { syncMarketingEvent } from "./writes";
import { setLastSync } from "../webinars/repository/webinars";
import { connectionHealth, syncIncident } from "../install/health";
import { attendancePercent, webinarLengthMs } from "../webinars/attendance";

/**
 * Brings HubSpot up to date with one webinar's recorded Zoom facts (CONTRACT.md §5).
 * Idempotent and resumable: everything written is recorded right after HubSpot accepts
 * it, values are recomputed from facts rather than incremented, and a rerun sends only
 * what is missing or changed (`force` re-sends everything, for "Sync now"). A webinar's
 * people are read and written a batch at a time, so memory does not grow with its size.
 */
export interface SyncDeps {
  db: { prisma: PrismaClient };
  /** App events on or off (src/sync/timeline.ts). */
  config: Pick<Config, "hubspot">;
  logger: Logger;
  /** The token key, from which the tombstones' key is derived (src/privacy/tombstone.ts). */
  secrets: Pick<Secrets, "tokenKey">;
  /** The portal's HubSpot writer (src/hubspot/writer.ts). */
  hubspotApi: HubSpotWriters;
}

export interface SyncOptions {
  force?: boolean;
  writer?: WriterOptions;
  /** HubSpot calls in flight at once for this sync. */
  concurrency?: number;
  /** People read and prepared at a time (PEOPLE_BATCH). */
  batchSize?: number;
  /** The run to report to ("Sync now"'s queued run); else the job's, else a new one (./runs.ts). */
  runId?: string;
  /** The job working this sync: its retries continue the same run. */
  jobId?: string;
  trigger?: RunTrigger;
}

export interface SyncResult {
  status: "synced" | "disabled" | "missing";
  calls: number;
}

export async function syncWebinar(s: SyncDeps, webinarId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const prisma = s.db.prisma;
  const ctx = await loadSyncContext(prisma, webinarId);
  if (!ctx) {
    if (options.runId) await finishRun(prisma, options.runId, { status: "skipped", message: RUN_WORDS.missing });
    return { status: "missing", calls: 0 };
  }
  const reason = skipReason(ctx);
  const run = await beginRun(prisma, ctx, options);
  await run.start(webinarId, !reason);
  const report = new SyncReport(ctx, run);
  if (reason) {
    // HubSpot or Zoom refused the app (uninstalled, revoked, deauthorized): said once per incident.
    const problem = reason === "portal_uninstalled" || reason === "zoom_disconnected" ? syncIncident(await connectionHealth(prisma, ctx.portal.id)) : undefined;
    if (problem) await report.connectionProblem(prisma, problem);
    else await report.disabled(prisma, reason);
    return { status: "disabled", calls: 0 };
  }
  const writer = s.hubspotApi(ctx.portal.id, options.writer);
  try {
    await withPortalLease(prisma, ctx.portal.id, () => syncFacts(s, ctx, writer, report, run, options));
  } catch (err) {
    // A permanent error (refused, auth, not found: src/hubspot/errors.ts) is never retried
    // (HubSpot would answer the same): the writes report theirs and go on; one that still
    // reaches here ends the sync without a job retry, said in plain words. Only transient
    // errors (and internal ones, e.g. a database blip) fail the job so it is retried.
    if (isPermanent(err)) {
      // HubSpot's refusal in words; any other error's raw text stays in the details.
      const words = err instanceof HubSpotError ? permanentWords(err) : RUN_WORDS.permanent;
      await report.refused(prisma, words, (err as Error).message.slice(0, 300));
      s.logger.warn({ webinarId, err: (err as Error).message }, "HubSpot refused a webinar's sync");
      return { status: "synced", calls: writer.calls };
    }
    // A refresh refused on the way (the app uninstalled, a wrong client secret): the
    // connection's state now says so, once per incident. A refused tenant needs a person,
    // so the job is not retried; a wrong secret heals once it is fixed, so it is.
    const problem = syncIncident(await connectionHealth(prisma, ctx.portal.id));
    if (problem) {
      await report.connectionProblem(prisma, problem);
      if (problem.status !== "invalid_client") return { status: "disabled", calls: writer.calls };
    } else await setLastSync(prisma, ctx.webinar.id, "error");
    // Retried by the job, which continues this run (or, at the last attempt, fails it).
    await setRunMessage(prisma, run.id, RUN_WORDS.retrying);
    throw err;
  }
  await report.finish(prisma);
  s.logger.info({ webinarId, calls: writer.calls, counts: report.counts }, "webinar synced to HubSpot");
  return { status: "synced", calls: writer.calls };
}

/**
 * People per batch: a multiple of HubSpot's 100 per call. Two batches are in memory at
 * once (one written, the next read), and what a batch leaves behind is garbage until
 * V8's next full collection, so the peak follows the batch size: at 100,000 people the
 * bench's peak RSS was 312–319 MB with 2,000, 263–312 MB with 1,000 and 251–266 MB with
 * 500, at the same calls and time (the live heap stays at 30–45 MB whatever the size).
 */
export const PEOPLE_BATCH = 500;

async function syncFacts(s: SyncDeps, ctx: SyncContext, writer: HubSpotWriter, report: SyncReport, run: RunTracker, options: SyncOptions) {
  const prisma = s.db.prisma;
  const force = options.force ?? false;
  const concurrency = options.concurrency ?? 6;
  const webinarId = ctx.webinar.id;

  // What every batch shares: the portal's synced webinars, and what HubSpot is asked once per sync.
  const webinars = await syncedWebinars(prisma, ctx);
  // Registration questions mapped to contact properties, in every synced webinar (src/questions).
  const mappings = await mappingsOfWebinars(prisma, [...webinars.keys()]);
  const close = closeOpenAt(webinars, Date.now());
  const others = [...webinars.keys()].filter((id) => id !== webinarId);
  const key = tombstoneKey(s.secrets);
  const erased = (emails: string[]) => erasedEmails(prisma, key, ctx.portal.id, emails);
  const users = once(() => hubspotUserEmails(prisma, writer));
  const secondary = once(() => secondaryEmails(writer));
  const keepAttendees = ctx.webinar.recordings.length > 0 && Boolean(ctx.host?.syncRecordingsAndTranscripts);
  const totals = { counts: noCounts(), deleted: 0, contacts: 0, registrations: 0, attendees: 0, registrants: 0, percentSum: 0, percents: 0 };
  const lengthMs = webinarLengthMs(ctx.webinar);
  const attendeeEmails: string[] = [];

  /** One batch of people: who may become a contact, and what HubSpot should hold for them minus what it holds. */
  const prepare = async (emails: string[]) => {
    // 1. Who took part, and who of them may become a contact.
    const own = await loadFacts(prisma, [webinarId], close, emails);
    const { people } = webinarPeople(webinarId, own);
    const screened = await screenPeople(prisma, writer, people.map((p) => p.email), 0, ctx.portal.excludedContactDomains, erased, users);
    const candidates = people.filter((p) => screened.candidates.has(p.email));

    // 2. What HubSpot should hold for them, minus what it already holds. The four
    // properties count all of a person's webinars: the others' facts are read for this batch's people.
    const portalFacts = mergeFacts(own, await loadFacts(prisma, others, close, candidates.map((p) => p.email)));
    const emailsOf = candidates.map((p) => p.email);
    const marks = await loadMarks(prisma, webinarId, { keys: [...emailsOf, ...emailsOf.flatMap((e) => [`registration:${e}`, `attendance:${e}`])] });
    let contacts = pending(
      candidates.map((p) => contactWrite(p, portalFacts, webinars, mappings)),
      (c) => c.email,
      (c) => screened.candidates.get(c.email)?.fingerprint,
      force,
    );
    let attendance = pending(candidates.flatMap(attendanceWrites), (a) => `${a.state}:${a.email}`, marks, force);
    // Timeline events are immutable in HubSpot: even a forced sync sends only unmarked ones.
    let timeline = unwritten(planTimeline(s.config, ctx, candidates), marks);

    // 3. The HubSpot-side rules, only for people something will be written for.
    const touched = new Set([...contacts, ...attendance, ...timeline].map((w) => w.email));
    const current = await checkAgainstHubSpot(prisma, writer, screened, touched, secondary, keptValuesWanted(contacts));
    const allowed = (w: { email: string }) => screened.candidates.has(w.email);
    contacts = settleKeptValues(contacts.filter(allowed), current);
    attendance = attendance.filter(allowed);
    timeline = timeline.filter(allowed);

    for (const [reason, n] of Object.entries(screened.counts)) totals.counts[reason as keyof Counts] += n;
    totals.deleted += screened.deleted.length;
    totals.contacts += screened.candidates.size;
    totals.registrations += candidates.filter((p) => p.registration && screened.candidates.has(p.email)).length;
    totals.registrants += candidates.filter((p) => p.registration && isActiveRegistration(p.registration) && screened.candidates.has(p.email)).length;
    const attendees = new Set(candidates.filter((p) => p.attendance && screened.candidates.has(p.email)).map((p) => p.email));
    totals.attendees += attendees.size;
    for (const p of candidates) {
      const pct = p.attendance && attendees.has(p.email) ? attendancePercent(p.attendance.attendedMs, lengthMs) : undefined;
      if (pct !== undefined) [totals.percentSum, totals.percents] = [totals.percentSum + pct, totals.percents + 1];
    }
    if (keepAttendees) attendeeEmails.push(...attendees);
    return { contacts, attendance, timeline, attendees, people: emails.length };
  };

  // The people stream through in batches (in email order); the next batch is read while
  // this one is written, so HubSpot's rate limit, not the database, sets the pace.
  const batches = peopleBatches(prisma, webinarId, options.batchSize ?? PEOPLE_BATCH);
  // Never a rejected promise left waiting: a failure is kept and thrown when the batch is taken.
  const next = () =>
    batches.next().then(
      async ({ value, done }) => ({ batch: done ? undefined : await prepare(value) }),
      (error: unknown) => ({ error }),
    ).catch((error: unknown) => ({ error }));
  const take = async (p: ReturnType<typeof next>) => {
    const r = await p;
    if ("error" in r) throw r.error;
    return r.batch;
  };
  let upcoming = next();
  let pipeline: WritePipeline;
  try {
    // 4. Write: the event and the contacts first, so attendance never creates a bare contact.
    const eventOk = await syncMarketingEvent(prisma, writer, ctx, await loadMarks(prisma, webinarId, { kind: "event" }), force, report);
    pipeline = new WritePipeline(prisma, writer, ctx, eventOk, concurrency, report);
    let done = 0;
    for (let batch = await take(upcoming); batch; batch = await take(upcoming)) {
      upcoming = next();
      await pipeline.add(batch);
      // Progress: the people of the batches handed to HubSpot so far ("n of m written").
      done += batch.people;
      await run.progress(done);
    }
    await pipeline.finish();
  } catch (err) {
    // The batch being read ends before the sync does (and its portal lease goes).
    await upcoming;
    throw err;
  }

  const eligibleAttendees = attendeeEmails.filter((e) => !pipeline.failed.has(e));
  const recordingPlan = await planRecordings(prisma, ctx, eligibleAttendees, report);
  await writeRecordings(prisma, writer, s.config, ctx, recordingPlan, report);

  const participants = await participantSummary(prisma, webinarId);
  totals.counts.no_email += participants.withoutEmail;
  report.counted(totals.counts, totals.deleted, {
    contacts: totals.contacts,
    registrations: totals.registrations,
    attendees: totals.attendees - pipeline.failedAttendees,
    // Attendees Zoom showed without an email, found through their registration (CONTRACT.md §11).
    matchedByRegistrantId: participants.matchedByRegistrantId,
  });
  report.attendeesMissing(ctx.webinar.endedAt !== null && !participants.hasEvents);
  // Of the attendees HubSpot got: the average share of the webinar they attended.
  report.registrants = totals.registrants;
  report.averageAttendancePercent = totals.percents ? Math.round((totals.percentSum / totals.percents) * 100) / 100 : null;
}

/** A value computed on first use and kept for the rest of the sync. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}
