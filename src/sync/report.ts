import { writeAudit, writeAuditOnce, type AuditInput } from "../audit/audit";
import { exclusionMessage, NOT_SYNCED_WORDS, plural, RECORDING_WORDS } from "../audit/messages";
import type { PrismaClient } from "../db/database";
import { setLastSync } from "../webinars/repository/webinars";
import type { SyncContext } from "./context";
import type { Counts } from "./eligibility";

/**
 * What one sync of a webinar tells the admin (CONTRACT.md §6), collected while it runs
 * and written at the end: exclusions counted by reason, what could not be synced and
 * why, errors, and SYNCED with the totals. Totals (not deltas), so a re-sync that finds
 * the same state says the same thing, and the audit log does not repeat it.
 */
type Entry = Omit<AuditInput, "portalId" | "webinarId">;

export class SyncReport {
  private readonly entries: Entry[] = [];
  private readonly errors = new Map<string, { reason: string; message: string; count: number; property?: string }>();
  counts: Record<string, number> = {};

  constructor(private readonly ctx: SyncContext) {}

  async disabled(prisma: PrismaClient, reason: string) {
    await this.write(prisma, {
      level: "info",
      code: "SYNC_DISABLED",
      message: `This webinar is not synced to HubSpot: ${NOT_SYNCED_WORDS[reason] ?? reason}.`,
      details: { reason },
    });
    await setLastSync(prisma, this.ctx.webinar.id, "disabled");
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
  async refused(prisma: PrismaClient, message: string) {
    await this.write(prisma, { level: "error", code: "SYNC_ERROR", message, details: { reason: "hubspot_refused" } });
    await setLastSync(prisma, this.ctx.webinar.id, "error");
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
    const parts = [
      plural(c.contacts ?? 0, ["contact", "contacts"]),
      plural(c.registrations ?? 0, ["registration", "registrations"]),
      plural(c.attendees ?? 0, ["attendee", "attendees"]),
      ...(c.recordings ? [plural(c.recordings, ["recording", "recordings"])] : []),
    ];
    const matched = c.matchedByRegistrantId
      ? ` ${plural(c.matchedByRegistrantId, ["attendee", "attendees"])} without an email in Zoom's data ${c.matchedByRegistrantId === 1 ? "was" : "were"} matched to their registration.`
      : "";
    this.entries.push({ level: "info", code: "SYNCED", message: `Synced to HubSpot: ${parts.join(", ")}.${matched}`, details: { counts: c } });
    // Distinct times keep "newest first" in the order things were found, SYNCED on top.
    const base = Date.now() - this.entries.length;
    for (const [i, entry] of this.entries.entries()) await this.write(prisma, { ...entry, at: new Date(base + i) });
    await setLastSync(prisma, this.ctx.webinar.id, this.errors.size ? "error" : "synced");
  }

  private write(prisma: PrismaClient, entry: Entry) {
    return writeAudit(prisma, { ...entry, portalId: this.ctx.portal.id, webinarId: this.ctx.webinar.id });
  }
}
