import type { Services } from "../services";
import { isPermanent, permanentWords } from "../hubspot/errors";
import { HubSpotWriter, type WriterOptions } from "../hubspot/writer";
import { closeOpenAt, loadSyncContext, skipReason, syncedWebinars, type SyncContext } from "./context";
import { checkAgainstHubSpot, screenPeople } from "./eligibility";
import { loadFacts, mergeFacts } from "./facts";
import { erasedEmails, tombstoneKey } from "../privacy/tombstone";
import { withPortalLease } from "./lease";
import { loadMarks } from "./marks";
import { attendanceWrites, contactWrite, pending, webinarPeople } from "./people";
import { planRecordings, writeRecordings } from "./recordings";
import { SyncReport } from "./report";
import { planTimeline, unwritten, writeTimeline } from "./timeline";
import { syncMarketingEvent, writeAttendance, writeContacts } from "./writes";

/**
 * Brings HubSpot up to date with one webinar's recorded Zoom facts (CONTRACT.md §5).
 * Idempotent and resumable: everything written is recorded right after HubSpot accepts
 * it, values are recomputed from facts rather than incremented, and a rerun sends only
 * what is missing or changed (`force` re-sends everything, for "Sync now").
 */
export type SyncServices = Pick<Services, "db" | "vault" | "config" | "logger" | "secrets">;

export interface SyncOptions {
  force?: boolean;
  writer?: WriterOptions;
  /** HubSpot calls in flight at once for this sync. */
  concurrency?: number;
}

export interface SyncResult {
  status: "synced" | "disabled" | "missing";
  calls: number;
}

export async function syncWebinar(s: SyncServices, webinarId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const prisma = s.db.prisma;
  const ctx = await loadSyncContext(prisma, webinarId);
  if (!ctx) return { status: "missing", calls: 0 };
  const report = new SyncReport(ctx);
  const reason = skipReason(ctx);
  if (reason) {
    await report.disabled(prisma, reason);
    return { status: "disabled", calls: 0 };
  }
  const writer = new HubSpotWriter(s, ctx.portal.id, options.writer);
  try {
    await withPortalLease(prisma, ctx.portal.id, () => syncFacts(s, ctx, writer, report, options));
  } catch (err) {
    // A permanent error (refused, auth, not found: src/hubspot/errors.ts) is never retried
    // (HubSpot would answer the same): the writes report theirs and go on; one that still
    // reaches here ends the sync without a job retry, said in plain words. Only transient
    // errors (and internal ones, e.g. a database blip) fail the job so it is retried.
    if (isPermanent(err)) {
      await report.refused(prisma, permanentWords(err));
      s.logger.warn({ webinarId, err: (err as Error).message }, "HubSpot refused a webinar's sync");
      return { status: "synced", calls: writer.calls };
    }
    await prisma.webinar.update({ where: { id: ctx.webinar.id }, data: { lastSyncAt: new Date(), lastSyncStatus: "error" } });
    throw err;
  }
  await report.finish(prisma);
  s.logger.info({ webinarId, calls: writer.calls, counts: report.counts }, "webinar synced to HubSpot");
  return { status: "synced", calls: writer.calls };
}

async function syncFacts(s: SyncServices, ctx: SyncContext, writer: HubSpotWriter, report: SyncReport, options: SyncOptions) {
  const prisma = s.db.prisma;
  const force = options.force ?? false;
  const concurrency = options.concurrency ?? 6;
  const webinarId = ctx.webinar.id;

  // 1. Who took part, and who of them may become a contact.
  const webinars = await syncedWebinars(prisma, ctx);
  const close = closeOpenAt(webinars, Date.now());
  const own = await loadFacts(prisma, [webinarId], close);
  const { people, withoutEmail } = webinarPeople(webinarId, own);
  const key = tombstoneKey(s.secrets);
  const erased = (emails: string[]) => erasedEmails(prisma, key, ctx.portal.id, emails);
  const screened = await screenPeople(prisma, writer, people.map((p) => p.email), withoutEmail, ctx.portal.excludedContactDomains, erased);
  const candidates = people.filter((p) => screened.candidates.has(p.email));

  // 2. What HubSpot should hold for them, minus what it already holds.
  // This webinar's facts are loaded already; only the portal's other webinars are read.
  const others = [...webinars.keys()].filter((id) => id !== webinarId);
  const portalFacts = mergeFacts(own, await loadFacts(prisma, others, close, candidates.map((p) => p.email)));
  const marks = force ? new Map() : await loadMarks(prisma, webinarId);
  let contacts = pending(
    candidates.map((p) => contactWrite(p, portalFacts, webinars)),
    (c) => c.email,
    (c) => screened.candidates.get(c.email)?.fingerprint,
    force,
  );
  let attendance = pending(candidates.flatMap(attendanceWrites), (a) => `${a.state}:${a.email}`, marks, force);
  // Timeline events are immutable in HubSpot: even a forced sync sends only unmarked ones.
  let timeline = unwritten(planTimeline(s.config, ctx, candidates), force ? await loadMarks(prisma, webinarId) : marks);

  // 3. The HubSpot-side rules, only for people something will be written for.
  const touched = new Set([...contacts, ...attendance, ...timeline].map((w) => w.email));
  await checkAgainstHubSpot(prisma, writer, screened, touched);
  const allowed = (w: { email: string }) => screened.candidates.has(w.email);
  contacts = contacts.filter(allowed);
  attendance = attendance.filter(allowed);
  timeline = timeline.filter(allowed);

  // 4. Write: the event and the contacts first, so attendance never creates a bare contact.
  const eventOk = await syncMarketingEvent(prisma, writer, ctx, marks, force, report);
  const failed = await writeContacts(prisma, writer, contacts, concurrency, report);
  const ok = (w: { email: string }) => !failed.has(w.email);
  // Without its marketing event HubSpot refuses every attendance record: they wait for the next sync.
  if (eventOk) await writeAttendance(prisma, writer, ctx, attendance.filter(ok), concurrency, report);
  await writeTimeline(prisma, writer, webinarId, timeline.filter(ok), concurrency, report);
  const eligibleAttendees = candidates.filter((p) => p.attendance && screened.candidates.has(p.email) && !failed.has(p.email));
  const recordingPlan = await planRecordings(prisma, ctx, eligibleAttendees.map((p) => p.email), report);
  await writeRecordings(prisma, writer, s.config, ctx, recordingPlan, report);

  report.counted(screened.counts, screened.deleted.length, {
    contacts: [...screened.candidates.keys()].length,
    registrations: candidates.filter((p) => p.registration && screened.candidates.has(p.email)).length,
    attendees: eligibleAttendees.length,
  });
  report.attendeesMissing(ctx.webinar.endedAt !== null && !own.webinarsWithEvents.has(webinarId));
}
