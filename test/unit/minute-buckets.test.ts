import { minuteBuckets } from "../../src/insights/buckets";

/** The minutes-attended chart's buckets: equal widths (1, 2, 5, 10 … minutes), at most 12, covering the length and the longest stay. */
describe("minuteBuckets", () => {
  const cases: [string, Record<number, number>, number | undefined, { width: number; count: number; filled: [number, number][] }][] = [
    ["a 60-minute webinar: 5-minute buckets", { 3: 1, 25: 2, 59: 1 }, 60, { width: 5, count: 12, filled: [[0, 1], [25, 2], [55, 1]] }],
    ["a 10-minute webinar: 1-minute buckets", { 0: 4, 9: 1 }, 10, { width: 1, count: 10, filled: [[0, 4], [9, 1]] }],
    ["a stay longer than the webinar widens the range", { 70: 1 }, 60, { width: 10, count: 8, filled: [[70, 1]] }],
    ["no known length: the longest stay sets it", { 44: 2 }, undefined, { width: 5, count: 9, filled: [[40, 2]] }],
    ["nobody and no length: one empty bucket", {}, undefined, { width: 1, count: 1, filled: [] }],
    ["a whole day: 2-hour buckets", { 1439: 1 }, 1440, { width: 120, count: 12, filled: [[1320, 1]] }],
  ];
  it.each(cases)("when %s, then the buckets are as expected", (_name, perMinute, length, want) => {
    const { bucketMinutes, buckets } = minuteBuckets(new Map(Object.entries(perMinute).map(([m, n]) => [Number(m), n])), length);
    expect(bucketMinutes).toBe(want.width);
    expect(buckets).toHaveLength(want.count);
    expect(buckets.every((b, i) => b.from === i * want.width && b.to === (i + 1) * want.width)).toBe(true);
    expect(buckets.filter((b) => b.attendees > 0).map((b) => [b.from, b.attendees])).toEqual(want.filled);
  });
});
