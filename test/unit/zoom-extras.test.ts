import { nextOccurrence, occurrencesOf, seriesSpan } from "../../src/zoom/occurrences";
import { isZoomEventsWebinar } from "../../src/zoom/zoom-events";

describe("the Zoom Events marker (one rule, unconfirmed: README 'Known unknowns')", () => {
  it.each([
    [{}, undefined],
    [{ creation_source: "" }, undefined],
    [{ creation_source: "zoom_events" }, true],
    [{ creation_source: "Zoom Events" }, true],
    [{ license_type: "webinars_plus" }, true],
    [{ creation_source: "web", license_type: "zoom-events" }, true],
    [{ creation_source: "web" }, false],
    [{ creation_source: "open_api", is_simulive: true }, false],
  ])("%j → %s", (object, expected) => {
    expect(isZoomEventsWebinar(object)).toBe(expected);
  });
});

describe("a recurring webinar's occurrences", () => {
  const list = occurrencesOf({
    occurrences: [
      { occurrence_id: "3", start_time: "2026-12-15T10:00:00Z", duration: 45, status: "available" },
      { occurrence_id: 1, start_time: "2026-12-01T10:00:00Z", duration: 60, status: "available" },
      { occurrence_id: "2", start_time: "2026-12-08T10:00:00Z", duration: 60, status: "deleted" },
      { start_time: "2026-12-20T10:00:00Z" },
    ],
  })!;

  it("are read leniently, in start order, leaving out what has no id", () => {
    expect(list.map((o) => o.occurrenceId)).toEqual(["1", "2", "3"]);
    expect(occurrencesOf({})).toBeUndefined();
    expect(occurrencesOf({ occurrences: [] })).toBeUndefined();
  });

  it("next: the first live one that has not started", () => {
    expect(nextOccurrence(list, Date.parse("2026-11-30T00:00:00Z"))?.occurrenceId).toBe("1");
    expect(nextOccurrence(list, Date.parse("2026-12-01T10:00:00Z"))?.occurrenceId).toBe("3");
    expect(nextOccurrence(list, Date.parse("2026-12-15T10:00:01Z"))).toBeUndefined();
  });

  it("the series runs from the first live start to the last live end", () => {
    expect(seriesSpan(list)).toEqual({ start: new Date("2026-12-01T10:00:00Z"), end: new Date("2026-12-15T10:45:00Z") });
  });
});
