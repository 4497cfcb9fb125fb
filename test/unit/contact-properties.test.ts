import type { AttendanceFact, Facts, RegistrationFact } from "../../src/sync/facts";
import { zoomProperties, type WebinarShape } from "../../src/sync/properties";

/**
 * The four `zoom` contact properties (CONTRACT.md §5, src/sync/properties.ts), from a
 * person's recorded facts in the portal's synced webinars:
 *  - registration count: webinars with a registration that is not cancelled (nor denied);
 *  - attendance count: webinars with any attendance;
 *  - average: over attended webinars, attended time / the webinar's actual length (the
 *    scheduled duration when unknown), capped at 100, rounded to 2 decimals;
 *  - join link: the person's own join_url of their latest registration, else the webinar's.
 * Every expected value below is worked out by hand.
 */
const T0 = Date.UTC(2026, 10, 1, 15, 0, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const day = (n: number) => new Date(T0 + n * DAY);
const ME = "pat@example.org";

/**
 * Synced webinars: w1 lasted 60 min; w2 lasted 60 min (45 scheduled); w3 never started (60
 * scheduled); w4 has no length at all; w5 lasted 90 min. `off` is not synced.
 */
const webinar = (id: string, fields: Partial<WebinarShape> = {}): WebinarShape => ({
  id,
  joinUrl: `https://zoom.example/w/${id}`,
  actualStartTime: day(0),
  startTime: day(0),
  endedAt: new Date(day(0).getTime() + 60 * MIN),
  durationMinutes: 60,
  ...fields,
});
const SYNCED = new Map(
  [
    webinar("w1"),
    webinar("w2", { actualStartTime: day(1), startTime: day(1), endedAt: new Date(day(1).getTime() + 60 * MIN), durationMinutes: 45 }),
    webinar("w3", { actualStartTime: null, endedAt: null, durationMinutes: 60 }),
    webinar("w4", { actualStartTime: null, startTime: null, endedAt: null, durationMinutes: null, joinUrl: null }),
    webinar("w5", { actualStartTime: day(2), startTime: day(2), endedAt: new Date(day(2).getTime() + 90 * MIN), durationMinutes: 60 }),
  ].map((w) => [w.id, w]),
);

const reg = (webinarId: string, registeredDay: number, fields: Partial<RegistrationFact> = {}): RegistrationFact => ({
  webinarId,
  status: "approved",
  joinUrl: `https://zoom.example/j/${webinarId}-${registeredDay}`,
  registeredAt: day(registeredDay),
  cancelledAt: null,
  updatedAt: day(registeredDay),
  firstName: "Pat",
  lastName: "Lee",
  ...fields,
});
const att = (webinarId: string, minutes: number): AttendanceFact => ({ webinarId, intervals: [], attendedMs: minutes * MIN, name: "Pat" });

const facts = (registrations: RegistrationFact[], attendance: AttendanceFact[] = []): Facts => ({
  registrations: new Map(registrations.length ? [[ME, registrations]] : []),
  attendance: new Map(attendance.length ? [[ME, attendance]] : []),
  withoutEmail: new Map(),
  webinarsWithEvents: new Set(),
});

type Expected = [registrations: string, attended: string, average: string, joinLink: string];

describe("the four zoom contact properties", () => {
  it.each<[string, Facts, Expected]>([
    ["nothing recorded", facts([]), ["0", "0", "0", ""]],
    ["one registration, not attended", facts([reg("w1", 0)]), ["1", "0", "0", "https://zoom.example/j/w1-0"]],
    ["a registration without its own join_url: the webinar's", facts([reg("w1", 0, { joinUrl: null })]), ["1", "0", "0", "https://zoom.example/w/w1"]],
    ["no join_url at all", facts([reg("w4", 0, { joinUrl: null })]), ["1", "0", "0", ""]],
    ["a cancelled registration", facts([reg("w1", 0, { status: "cancelled" })]), ["0", "0", "0", ""]],
    ["a registration with a cancellation date", facts([reg("w1", 0, { cancelledAt: day(1) })]), ["0", "0", "0", ""]],
    ["a denied registration", facts([reg("w1", 0, { status: "denied" })]), ["0", "0", "0", ""]],
    ["a pending registration (counts)", facts([reg("w1", 0, { status: "pending" })]), ["1", "0", "0", "https://zoom.example/j/w1-0"]],
    ["two registrations for one webinar count once", facts([reg("w1", 0), reg("w1", 1)]), ["1", "0", "0", "https://zoom.example/j/w1-1"]],
    ["a registration in a webinar that is not synced", facts([reg("off", 5)]), ["0", "0", "0", ""]],
    [
      "the latest registration's link, whatever the order given",
      facts([reg("w2", 3), reg("w1", 1), reg("w3", 2)]),
      ["3", "0", "0", "https://zoom.example/j/w2-3"],
    ],
    [
      "the latest registration cancelled: the latest one still active",
      facts([reg("w1", 1), reg("w2", 3, { status: "cancelled" })]),
      ["1", "0", "0", "https://zoom.example/j/w1-1"],
    ],
    ["attended 30 of 60 minutes", facts([reg("w1", 0)], [att("w1", 30)]), ["1", "1", "50", "https://zoom.example/j/w1-0"]],
    ["attended without registering", facts([], [att("w1", 45)]), ["0", "1", "75", ""]],
    ["attended longer than the webinar (capped at 100)", facts([], [att("w1", 75)]), ["0", "1", "100", ""]],
    ["two webinars, 50% and 100%: average 75", facts([], [att("w1", 30), att("w2", 60)]), ["0", "2", "75", ""]],
    // w2 lasted 60 minutes although 45 were scheduled: the actual length counts.
    ["the actual length, not the scheduled one", facts([], [att("w2", 45)]), ["0", "1", "75", ""]],
    // w3 never started: its scheduled 60 minutes count.
    ["not started: the scheduled duration", facts([], [att("w3", 15)]), ["0", "1", "25", ""]],
    // w4 has no length at all: attended, but not part of the average.
    ["a webinar of unknown length counts as attended, not in the average", facts([], [att("w1", 30), att("w4", 10)]), ["0", "2", "50", ""]],
    ["one third: rounded to 2 decimals", facts([], [att("w1", 20)]), ["0", "1", "33.33", ""]],
    ["two thirds: rounded to 2 decimals", facts([], [att("w1", 40)]), ["0", "1", "66.67", ""]],
    // w5: 90 minutes. 30/90 = 33.333…, 60/60 = 100 → (33.333… + 100) / 2 = 66.666… → 66.67.
    ["a 90-minute webinar and a 60-minute one", facts([], [att("w5", 30), att("w1", 60)]), ["0", "2", "66.67", ""]],
    ["several facts for one webinar add up", facts([], [att("w1", 10), att("w1", 20)]), ["0", "1", "50", ""]],
    ["attendance in a webinar that is not synced", facts([], [att("off", 60)]), ["0", "0", "0", ""]],
    ["zero attended minutes still count as attended", facts([], [att("w1", 0)]), ["0", "1", "0", ""]],
  ])("%s", (_case, personFacts, [registrations, attended, average, joinLink]) => {
    expect(zoomProperties(ME, personFacts, SYNCED)).toEqual({
      zoom_webinar_registration_count: registrations,
      zoom_webinar_attendance_count: attended,
      zoom_webinar_attendance_average_duration: average,
      zoom_webinar_joinlink: joinLink,
    });
  });

  it("reads only the person's own facts", () => {
    const others: Facts = { ...facts([]), registrations: new Map([["someone@example.org", [reg("w1", 0)]]]), attendance: new Map([["someone@example.org", [att("w1", 60)]]]) };
    expect(zoomProperties(ME, others, SYNCED)).toEqual({
      zoom_webinar_registration_count: "0",
      zoom_webinar_attendance_count: "0",
      zoom_webinar_attendance_average_duration: "0",
      zoom_webinar_joinlink: "",
    });
  });
});
