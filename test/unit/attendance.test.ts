import { attendancePercent, mergeIntervals, pairSessions, totalMs, webinarLengthMs, type Interval, type JoinLeave } from "../../src/webinars/attendance";

/**
 * Attendance maths (src/webinars/attendance.ts), pure. Times are minutes after T0; every
 * expected value is worked out by hand from the rules in the module's header and
 * CONTRACT.md §5 (overlaps merged; length = actual end − start, else scheduled duration;
 * percent capped at 100).
 */
const T0 = Date.UTC(2026, 10, 30, 15, 0, 0);
const MIN = 60_000;
const t = (minutes: number) => T0 + minutes * MIN;
const span = (from: number, to: number): Interval => ({ start: t(from), end: t(to) });
const ev = (kind: string, minute: number, participantKey = "p1"): JoinLeave => ({ participantKey, kind, at: new Date(t(minute)) });
const join = (minute: number, key?: string) => ev("join", minute, key);
const leave = (minute: number, key?: string) => ev("leave", minute, key);

describe("pairSessions: join/leave events of one participant become sessions", () => {
  const END = 60; // where a session still open is closed (the webinar's end)

  it.each<[string, JoinLeave[], Interval[]]>([
    ["one join and its leave", [join(0), leave(30)], [span(0, 30)]],
    ["events that arrived out of order", [leave(30), join(0)], [span(0, 30)]],
    ["a rejoin after a drop", [join(0), leave(10), join(20), leave(45)], [span(0, 10), span(20, 45)]],
    ["a leave and a rejoin at the same instant (two sessions, not one)", [join(0), leave(10), join(10), leave(20)], [span(0, 10), span(10, 20)]],
    ["the same rejoin delivered with the join first", [join(10), join(0), leave(20), leave(10)], [span(0, 10), span(10, 20)]],
    ["a leave before any join (ignored)", [leave(5), join(10), leave(30)], [span(10, 30)]],
    ["only a leave", [leave(5)], []],
    ["a second join while the session is open (same session)", [join(0), join(15), leave(30)], [span(0, 30)]],
    ["join and leave each delivered twice", [join(5), join(5), leave(25), leave(25)], [span(5, 25)]],
    ["a missing leave (closed at the webinar's end)", [join(40)], [span(40, END)]],
    ["a rejoin whose leave is missing", [join(0), leave(10), join(50)], [span(0, 10), span(50, END)]],
    ["a join after the closing time (zero-length, never negative)", [join(70)], [span(70, 70)]],
    ["events of another kind (ignored)", [join(0), ev("rename", 5), leave(20)], [span(0, 20)]],
    ["no events", [], []],
  ])("%s", (_case, events, expected) => {
    const sessions = pairSessions(events, t(END));
    expect(sessions.get("p1") ?? []).toEqual(expected);
  });

  it("keeps each participant key's sessions apart", () => {
    const sessions = pairSessions([join(0, "phone"), join(5, "laptop"), leave(20, "phone"), leave(50, "laptop")], t(END));
    expect(Object.fromEntries(sessions)).toEqual({ phone: [span(0, 20)], laptop: [span(5, 50)] });
  });
});

describe("mergeIntervals: overlapping time counts once", () => {
  it.each<[string, Interval[], Interval[]]>([
    ["nothing", [], []],
    ["one interval", [span(0, 10)], [span(0, 10)]],
    ["disjoint, given out of order", [span(30, 40), span(0, 10)], [span(0, 10), span(30, 40)]],
    ["overlapping (two devices)", [span(0, 30), span(20, 50)], [span(0, 50)]],
    ["touching end to start", [span(0, 10), span(10, 20)], [span(0, 20)]],
    ["one inside another", [span(0, 60), span(10, 20)], [span(0, 60)]],
    ["a chain where only the first and last do not overlap", [span(20, 35), span(0, 25), span(30, 50)], [span(0, 50)]],
    ["the same interval twice (a redelivery)", [span(5, 15), span(5, 15)], [span(5, 15)]],
    ["a zero-length interval inside another", [span(0, 30), span(10, 10)], [span(0, 30)]],
    ["a zero-length interval on its own", [span(40, 40), span(0, 10)], [span(0, 10), span(40, 40)]],
  ])("%s", (_case, input, expected) => {
    expect(mergeIntervals(input)).toEqual(expected);
  });

  it("leaves its input unchanged", () => {
    const input = [span(20, 50), span(0, 30)];
    mergeIntervals(input);
    expect(input).toEqual([span(20, 50), span(0, 30)]);
  });
});

describe("totalMs", () => {
  it.each<[string, Interval[], number]>([
    ["nothing", [], 0],
    ["one interval of 30 minutes", [span(0, 30)], 30 * MIN],
    ["two intervals of 10 and 25 minutes", [span(0, 10), span(35, 60)], 35 * MIN],
    ["a zero-length interval", [span(12, 12)], 0],
  ])("%s", (_case, intervals, expected) => {
    expect(totalMs(intervals)).toBe(expected);
  });
});

describe("webinarLengthMs: actual end − start, else the scheduled duration", () => {
  const d = (minute: number) => new Date(t(minute));
  it.each<[string, Parameters<typeof webinarLengthMs>[0], number | undefined]>([
    ["actual start and end", { actualStartTime: d(5), startTime: d(0), endedAt: d(65), durationMinutes: 90 }, 60 * MIN],
    ["no actual start: the scheduled start", { actualStartTime: null, startTime: d(0), endedAt: d(45), durationMinutes: 90 }, 45 * MIN],
    ["not ended: the scheduled duration", { actualStartTime: d(0), startTime: d(0), endedAt: null, durationMinutes: 90 }, 90 * MIN],
    ["an end before the start: the scheduled duration", { actualStartTime: d(30), startTime: d(0), endedAt: d(10), durationMinutes: 40 }, 40 * MIN],
    ["a zero-length webinar: the scheduled duration", { actualStartTime: d(10), endedAt: d(10), durationMinutes: 20 }, 20 * MIN],
    ["a zero-length webinar and no duration: unknown", { actualStartTime: d(10), endedAt: d(10), durationMinutes: 0 }, undefined],
    ["no start at all: the scheduled duration", { endedAt: d(10), durationMinutes: 15 }, 15 * MIN],
    ["nothing known", {}, undefined],
    ["a negative duration: unknown", { durationMinutes: -5 }, undefined],
  ])("%s", (_case, webinar, expected) => {
    expect(webinarLengthMs(webinar)).toBe(expected);
  });
});

describe("attendancePercent: attended share of the webinar, 0–100", () => {
  it.each<[string, number, number | undefined, number | undefined]>([
    ["half of it", 30 * MIN, 60 * MIN, 50],
    ["all of it", 60 * MIN, 60 * MIN, 100],
    ["more than its length (capped)", 90 * MIN, 60 * MIN, 100],
    ["none of it", 0, 60 * MIN, 0],
    ["a quarter", 15 * MIN, 60 * MIN, 25],
    ["a zero-length webinar: no percent", 10 * MIN, 0, undefined],
    ["an unknown length: no percent", 10 * MIN, undefined, undefined],
    ["a negative length: no percent", 10 * MIN, -MIN, undefined],
  ])("%s", (_case, attended, length, expected) => {
    expect(attendancePercent(attended, length)).toBe(expected);
  });

  it("a third is 33.33… before any rounding", () => {
    expect(attendancePercent(20 * MIN, 60 * MIN)).toBeCloseTo(100 / 3, 10);
  });
});
