/**
 * Attendance from recorded join/leave events. Events arrive late, twice and out of
 * order, so sessions are rebuilt from all of them every time, ordered by their own
 * timestamps rather than by arrival:
 *  - per participant, events are sorted by time; a join opens a session, the next
 *    leave closes it; a leave with no open session is ignored, a second join while open
 *    is the same session;
 *  - a session still open is closed at the webinar's end (or left open-ended when the
 *    webinar has not ended: it then counts up to `now`);
 *  - sessions of one person (several devices, rejoins) are merged where they overlap,
 *    so no minute is counted twice.
 */

export interface JoinLeave {
  participantKey: string;
  /** "join" or "leave"; any other kind is not a session edge. */
  kind: string;
  at: Date;
}

export interface Interval {
  start: number;
  end: number;
}

/** Sessions per participant key, in time order. */
export function pairSessions(events: JoinLeave[], closeOpenAt: number): Map<string, Interval[]> {
  const byKey = new Map<string, JoinLeave[]>();
  for (const e of events) {
    const list = byKey.get(e.participantKey) ?? [];
    byKey.set(e.participantKey, list);
    list.push(e);
  }
  const sessions = new Map<string, Interval[]>();
  for (const [key, list] of byKey) {
    // At the same instant a leave sorts first: a rejoin right after a drop stays two sessions.
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === "leave" ? -1 : 1));
    const out: Interval[] = [];
    let openedAt: number | undefined;
    for (const e of list) {
      const t = e.at.getTime();
      if (e.kind === "join") openedAt ??= t;
      else if (e.kind === "leave" && openedAt !== undefined) {
        out.push({ start: openedAt, end: Math.max(openedAt, t) });
        openedAt = undefined;
      }
    }
    if (openedAt !== undefined) out.push({ start: openedAt, end: Math.max(openedAt, closeOpenAt) });
    sessions.set(key, out);
  }
  return sessions;
}

/** Merges overlapping or touching intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

export const totalMs = (intervals: Interval[]) => intervals.reduce((sum, i) => sum + (i.end - i.start), 0);

/**
 * The webinar's length for attendance %: actual end − actual start when both are
 * known, else the scheduled duration (CONTRACT.md §5).
 */
export function webinarLengthMs(w: {
  actualStartTime?: Date | null;
  startTime?: Date | null;
  endedAt?: Date | null;
  durationMinutes?: number | null;
}): number | undefined {
  const start = w.actualStartTime ?? w.startTime;
  if (start && w.endedAt && w.endedAt.getTime() > start.getTime()) return w.endedAt.getTime() - start.getTime();
  if (w.durationMinutes && w.durationMinutes > 0) return w.durationMinutes * 60_000;
  return undefined;
}

/** Attended share of the webinar in percent, 0–100, from one person's (merged) sessions. */
export function attendancePercent(attendedMs: number, lengthMs: number | undefined): number | undefined {
  if (!lengthMs || lengthMs <= 0) return undefined;
  return Math.min(100, (attendedMs / lengthMs) * 100);
}
