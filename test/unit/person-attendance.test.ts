import { addAttendance, type EventRow, type Facts } from "../../src/sync/facts";

/**
 * One person's attendance of a webinar from their recorded join/leave events
 * (src/sync/facts.ts `addAttendance`): sessions per participant key (device), merged
 * across keys so overlapping time counts once (CONTRACT.md §5); participants without an
 * email are only counted. Times are minutes after T0; expectations worked out by hand.
 */
const T0 = Date.UTC(2026, 10, 30, 15, 0, 0);
const MIN = 60_000;
const t = (minutes: number) => T0 + minutes * MIN;

const row = (webinar: string, key: string, email: string | null, kind: "join" | "leave", minute: number, name = ""): EventRow => ({
  webinar_id: webinar,
  participant_key: key,
  email,
  name,
  kind,
  at: new Date(t(minute)),
});
/** A device's session: join at `from`, leave at `to` (no leave when `to` is undefined). */
const device = (webinar: string, key: string, email: string | null, from: number, to?: number, name = "") => [
  row(webinar, key, email, "join", from, name),
  ...(to === undefined ? [] : [row(webinar, key, email, "leave", to, name)]),
];

const emptyFacts = (): Facts => ({ registrations: new Map(), attendance: new Map(), withoutEmail: new Map(), webinarsWithEvents: new Set() });
/** Webinar w1 ended at minute 60, w2 at minute 90. */
const closeOpenAt = (webinarId: string) => t(webinarId === "w2" ? 90 : 60);

function attendanceOf(events: EventRow[]) {
  const facts = emptyFacts();
  addAttendance(facts, events, closeOpenAt);
  return facts;
}

const ANN = "ann@example.org";

describe("addAttendance: a person's attended time per webinar", () => {
  it.each<[string, EventRow[], number]>([
    ["one device, 0–30", device("w1", "a", ANN, 0, 30), 30],
    ["two devices overlapping, 0–30 and 20–50 (counted once)", [...device("w1", "phone", ANN, 0, 30), ...device("w1", "laptop", ANN, 20, 50)], 50],
    ["two devices apart, 0–10 and 30–40", [...device("w1", "phone", ANN, 0, 10), ...device("w1", "laptop", ANN, 30, 40)], 20],
    ["a device inside another's session, 0–60 and 10–20", [...device("w1", "laptop", ANN, 0, 60), ...device("w1", "phone", ANN, 10, 20)], 60],
    ["a rejoin on one device, 0–10 then 20–30", [...device("w1", "a", ANN, 0, 10), ...device("w1", "a", ANN, 20, 30)], 20],
    ["no leave: closed at the webinar's end (minute 60)", device("w1", "a", ANN, 45), 15],
    ["no leave in a webinar that ended later (minute 90)", device("w2", "a", ANN, 45), 45],
    ["a leave before the join is ignored", [row("w1", "a", ANN, "leave", 5), ...device("w1", "a", ANN, 10, 25)], 15],
  ])("%s → attended minutes", (_case, events, minutes) => {
    const facts = attendanceOf(events);
    const [fact] = facts.attendance.get(ANN)!;
    expect(fact!.attendedMs).toBe(minutes * MIN);
  });

  it("keeps the merged intervals and the first name Zoom showed", () => {
    const facts = attendanceOf([...device("w1", "phone", ANN, 0, 30, ""), ...device("w1", "laptop", ANN, 20, 50, "Ann A.")]);
    expect(facts.attendance.get(ANN)).toEqual([{ webinarId: "w1", intervals: [{ start: t(0), end: t(50) }], attendedMs: 50 * MIN, name: "Ann A." }]);
  });

  it("gives one fact per webinar the person attended", () => {
    const facts = attendanceOf([...device("w1", "a", ANN, 0, 30), ...device("w2", "b", ANN, 10, 20)]);
    expect(facts.attendance.get(ANN)!.map((f) => [f.webinarId, f.attendedMs])).toEqual([
      ["w1", 30 * MIN],
      ["w2", 10 * MIN],
    ]);
  });

  it("gives no attendance to someone whose events are only leaves", () => {
    const facts = attendanceOf([row("w1", "a", ANN, "leave", 5), row("w1", "a", ANN, "leave", 9)]);
    expect(facts.attendance.has(ANN)).toBe(false);
    expect([...facts.webinarsWithEvents]).toEqual(["w1"]);
  });

  it("counts participants without an email per webinar, once per participant key, and gives them no attendance", () => {
    const facts = attendanceOf([
      ...device("w1", "anon-1", null, 0, 10),
      ...device("w1", "anon-1", null, 20, 30),
      ...device("w1", "anon-2", null, 5, 15),
      ...device("w2", "anon-3", null, 0, 5),
      ...device("w2", "b", ANN, 0, 5),
    ]);
    expect(Object.fromEntries(facts.withoutEmail)).toEqual({ w1: 2, w2: 1 });
    expect([...facts.webinarsWithEvents].sort()).toEqual(["w1", "w2"]);
    expect([...facts.attendance.keys()]).toEqual([ANN]);
  });
});
