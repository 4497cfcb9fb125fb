import { appendAudit, writeAudit, writeAuditOnce, type AuditInput } from "../audit/audit";
import { exclusionMessage, NOT_SYNCED_WORDS, plural, problemsMessage, matchedWords, RECORDING_WORDS, syncedMessage, type WrittenKind } from "../audit/messages";
import type { PrismaClient } from "../db/database";
import { setLastSync } from "../webinars/repository/webinars";
import type { SyncContext } from "./context";
import { noCounts, type Counts } from "./eligibility";
import type { RunTracker } from "./runs";

/**
 * What one sync of a webinar tells the admin (CONTRACT.md §6), collected while it runs
 * and written at the end: exclusions counted by reason, what could not be synced and
 * why, errors, and SYNCED with the totals. Totals (not deltas), so a re-sync that finds
 * the same state says the same thing, and the audit log does not repeat it; SYNCED alone
 * is written once per run, with what that run wrote ("no changes" when nothing). The
 * run (./runs.ts) ends here too, with the same counts.
 */
type Entry = Omit<AuditInput, "portalId" | "webinarId">;

export class SyncReport {
  private readonly entries: Entry[] = [];
  private readonly errors = new Map<string, { reason: string; message: string; count: number; property?: string }>();
  counts: Record<string, number> = {};
  /** What this run wrote to HubSpot, by kind. */
  readonly written: Partial<Record<WrittenKind, number>> = {};
  private excluded: Counts = noCounts();
  private deleted = 0;
  /** Of the attendees HubSpot got, the average percent of the webinar attended (null: none). */
  averageAttendancePercent: number | null = null;
  /** Of the registrations HubSpot got, those not cancelled (as Zoom's registrant count). */
  registrants = 0;

  constructor(
    private readonly ctx: SyncContext,
    private readonly run?: RunTracker,
  ) {}

  /** HubSpot accepted `n` writes of this kind. */
  wrote(kind: WrittenKind, n: number) {
    if (n > 0) this.written[kind] = (this.written[kind] ?? 0) + n;
  }

  async disabled(prisma: PrismaClient, reason: string) {
    const words = NOT_SYNCED_WORDS[reason] ?? "sync is turned off";
    await this.write(prisma, {
      level: "info",
      code: "SYNC_DISABLED",
      message: `This webinar is not synced to HubSpot: ${words}.`,
      details: { reason },
    });
    await setLastSync(prisma, this.ctx.webinar.id, "disabled");
    await this.run?.end("skipped", words);
  }

  /**
   * A connection problem stops this webinar's sync (src/install/health.ts): said once per
   * incident in its audit log (`since` names the incident), however many syncs meet it.
   */
  async connectionProblem(prisma: PrismaClient, problem: { status: string; message: string; since: string | null }) {
    await writeAuditOnce(prisma, {
      portalId: this.ctx.portal.id,
      webinarId: this.ctx.webinar.id,
      level: "error",
      code: "SYNC_ERROR",
      message: problem.message,
      details: { reason: problem.status, since: problem.since },
    });
    await setLastSync(prisma, this.ctx.webinar.id, "error");
    await this.run?.end("failed", problem.message);
  }

  /**
   * A failure that did not stop the sync (the rest was written); the next sync retries
   * it. One entry per reason, and per property when HubSpot refused a property's value.
   */
  error(reason: string, message: string, count = 1, property?: string) {
    const key = property ? `${reason}:${property}` : reason;
    const e = this.errors.get(key);
    if (e) e.count += count;
    else this.errors.set(key, { reason, message, count, ...(property && { property }) });
  }

  /**
   * HubSpot refused something the sync cannot go on without: said in the audit log, and
   * the sync ends without an error so the job is not retried for a refusal that would
   * come back the same. The next change or "Sync now" tries again.
   */
  async refused(prisma: PrismaClient, message: string, error?: string) {
    await this.write(prisma, { level: "error", code: "SYNC_ERROR", message, details: { reason: "hubspot_refused", ...(error && { error }) } });
    await setLastSync(prisma, this.ctx.webinar.id, "error");
    await this.run?.end("failed", message);
  }

  recordingNotSynced(recordingId: string, reason: keyof typeof RECORDING_WORDS) {
    this.entries.push({
      level: "warning",
      code: "RECORDING_NOT_SYNCED",
      message: `A recording was not synced: ${RECORDING_WORDS[reason]}.`,
      details: { reason, recordingId },
    });
  }

  recordingsSynced(n: number) {
    this.counts.recordings = (this.counts.recordings ?? 0) + n;
  }

  counted(excluded: Counts, deleted: number, totals: Record<string, number>) {
    this.counts = { ...totals, ...this.counts };
    this.excluded = excluded;
    this.deleted = deleted;
    const shown = Object.fromEntries(Object.entries(excluded).filter(([, n]) => n > 0));
    if (Object.keys(shown).length) {
      this.entries.push({ level: "warning", code: "EMAILS_EXCLUDED", message: exclusionMessage(shown), details: { counts: excluded } });
    }
    if (deleted > 0) {
      this.entries.push({
        level: "warning",
        code: "DATA_NOT_SYNCED",
        message: `${plural(deleted, ["contact was", "contacts were"])} deleted in HubSpot and will not be re-created.`,
        details: { reason: "contact_deleted", count: deleted },
      });
    }
  }

  attendeesMissing(missing: boolean) {
    if (!missing) return;
    this.entries.push({
      level: "warning",
      code: "ATTENDEES_NOT_SYNCED",
      message: "Zoom has no participant data for this webinar, so no attendance was synced.",
      details: { reason: "no_participant_data" },
    });
  }

  async finish(prisma: PrismaClient) {
    for (const e of this.errors.values()) {
      const details = { reason: e.reason, count: e.count, ...(e.property && { property: e.property }) };
      this.entries.push({ level: "error", code: "SYNC_ERROR", message: e.message, details });
    }
    const c = this.counts;
    const synced = syncedMessage(c, this.written) + matchedWords(c.matchedByRegistrantId ?? 0);
    // Distinct times keep "newest first" in the order things were found, SYNCED on top.
    const base = Date.now() - this.entries.length - 1;
    for (const [i, entry] of this.entries.entries()) await this.write(prisma, { ...entry, at: new Date(base + i) });
    // One SYNCED entry per run, even when it says what the last one said.
    await appendAudit(prisma, {
      portalId: this.ctx.portal.id,
      webinarId: this.ctx.webinar.id,
      level: "info",
      code: "SYNCED",
      message: synced,
      details: { counts: c, written: this.written },
      at: new Date(base + this.entries.length),
    });
    await setLastSync(prisma, this.ctx.webinar.id, this.errors.size ? "error" : "synced");
    const wroteAny = Object.values(this.written).some((n) => n > 0);
    const status = this.errors.size ? "partly_synced" : wroteAny ? "synced" : "no_changes";
    const message = this.errors.size ? problemsMessage([...this.errors.values()].map((e) => e.message)) : synced;
    await this.run?.end(status, message, {
      hubspot: c,
      excluded: this.excluded,
      deleted: this.deleted,
      registrants: this.registrants,
      written: this.written,
      averageAttendancePercent: this.averageAttendancePercent,
    });
  }

  private write(prisma: PrismaClient, entry: Entry) {
    return writeAudit(prisma, { ...entry, portalId: this.ctx.portal.id, webinarId: this.ctx.webinar.id });
  }
}
