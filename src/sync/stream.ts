import type { PrismaClient } from "../db/database";
import { APP_EVENTS_BATCH_LIMIT } from "../hubspot/app-events";
import { BATCH_LIMIT, type HubSpotWriter } from "../hubspot/writer";
import type { SyncContext } from "./context";
import type { AttendanceWrite, ContactWrite } from "./people";
import type { SyncReport } from "./report";
import type { TimelineWrite } from "./timeline";
import { writeAttendance, writeContacts } from "./writes";
import { writeTimeline } from "./timeline";

/**
 * The writes of a webinar's sync as its people stream through a batch at a time
 * (src/sync/sync-webinar.ts). HubSpot takes 100 per call, and a batch of people does not
 * make a whole number of calls (some are excluded, some unchanged, not everyone
 * attended): what does not fill a call waits here for the next batch, so every call but
 * the last of each kind is full, as when the whole webinar was written at once. At most
 * one call's worth of each kind waits, so memory does not grow with the webinar.
 *
 * The order stays the one the sync promises, per person: the contact first (so an
 * attendance record never creates a bare contact; nothing else is sent for a person
 * HubSpot refused), then the register and attend records and the timeline events, and
 * a cancellation only after its registration.
 */
export class WritePipeline {
  private contacts: ContactWrite[] = [];
  /** Attendance and timeline writes whose person's contact is not written yet. */
  private held: (AttendanceWrite | TimelineWrite)[] = [];
  private readonly attendance = { register: [] as AttendanceWrite[], attend: [] as AttendanceWrite[], cancel: [] as AttendanceWrite[] };
  private timeline: TimelineWrite[] = [];
  /** Of the contacts waiting or being written, the people who attended (for the report's count). */
  private readonly attendees = new Set<string>();
  /** People whose contact HubSpot refused in this sync. */
  readonly failed = new Set<string>();
  failedAttendees = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly writer: HubSpotWriter,
    private readonly ctx: SyncContext,
    /** Without its marketing event HubSpot refuses every attendance record: they wait for the next sync. */
    private readonly eventOk: boolean,
    private readonly concurrency: number,
    private readonly report: SyncReport,
  ) {}

  /** One batch of people's writes: whatever fills whole calls is sent now. */
  async add(writes: { contacts: ContactWrite[]; attendance: AttendanceWrite[]; timeline: TimelineWrite[]; attendees: Set<string> }) {
    for (const c of writes.contacts) if (writes.attendees.has(c.email)) this.attendees.add(c.email);
    this.contacts.push(...writes.contacts);
    this.held.push(...writes.attendance, ...writes.timeline);
    await this.flush(false);
  }

  /** The rest, at the end of the sync. */
  finish() {
    return this.flush(true);
  }

  private async flush(all: boolean) {
    const contacts = take(this.contacts, BATCH_LIMIT, all);
    if (contacts.length) {
      const refused = await writeContacts(this.prisma, this.writer, contacts, this.concurrency, this.report);
      for (const email of refused) {
        this.failed.add(email);
        if (this.attendees.has(email)) this.failedAttendees += 1;
      }
      for (const c of contacts) this.attendees.delete(c.email);
    }
    // Released: the writes of people whose contact is written (or had nothing to write).
    const unwritten = new Set(this.contacts.map((c) => c.email));
    const still: typeof this.held = [];
    for (const w of this.held) {
      if (unwritten.has(w.email)) still.push(w);
      else if (this.failed.has(w.email)) continue;
      else if ("occurrence" in w) this.timeline.push(w);
      else if (this.eventOk) this.attendance[w.state].push(w);
    }
    this.held = still;

    const records = [...take(this.attendance.register, BATCH_LIMIT, all), ...take(this.attendance.attend, BATCH_LIMIT, all)];
    // A cancellation waits while its registration does.
    const registering = new Set([...this.attendance.register, ...this.held.filter((w) => "state" in w && w.state === "register")].map((w) => w.email));
    const ready = this.attendance.cancel.filter((w) => !registering.has(w.email));
    const cancels = take(ready, BATCH_LIMIT, all);
    if (cancels.length) {
      const sent = new Set(cancels);
      this.attendance.cancel = this.attendance.cancel.filter((w) => !sent.has(w));
    }
    if (records.length || cancels.length) {
      await writeAttendance(this.prisma, this.writer, this.ctx, [...records, ...cancels], this.concurrency, this.report);
    }
    const timeline = take(this.timeline, APP_EVENTS_BATCH_LIMIT, all);
    if (timeline.length) await writeTimeline(this.prisma, this.writer, this.ctx.webinar.id, timeline, this.concurrency, this.report);
  }
}

/** Removes and returns the whole calls' worth from the front of `list` (everything when `all`). */
function take<T>(list: T[], size: number, all: boolean): T[] {
  const n = all ? list.length : list.length - (list.length % size);
  return list.splice(0, n);
}
