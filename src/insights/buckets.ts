/**
 * The minutes-attended chart's buckets, from how many attendees stayed each whole number
 * of minutes: equal widths (1, 2, 5, 10, 15 … minutes), at most 12, covering the
 * webinar's length and the longest stay (pure: test/unit/minute-buckets.test.ts).
 */

/** At most this many bars in the minutes chart. */
const MAX_BUCKETS = 12;
const WIDTHS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 480, 1440];

export interface MinuteBucket {
  /** Minutes attended, from (inclusive) … to (exclusive). */
  from: number;
  to: number;
  attendees: number;
}

/** Buckets of equal width (1, 2, 5, 10, 15 … minutes) covering the webinar's length and the longest stay, at most 12. */
export function minuteBuckets(perMinute: Map<number, number>, lengthMinutes: number | undefined) {
  const longest = Math.max(-1, ...perMinute.keys()) + 1;
  const span = Math.max(1, lengthMinutes ?? 0, longest);
  const width = WIDTHS.find((w) => Math.ceil(span / w) <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS);
  const buckets: MinuteBucket[] = Array.from({ length: Math.ceil(span / width) }, (_, i) => ({ from: i * width, to: (i + 1) * width, attendees: 0 }));
  for (const [minute, n] of perMinute) {
    const bucket = buckets[Math.min(buckets.length - 1, Math.floor(minute / width))];
    if (bucket) bucket.attendees += n;
  }
  return { bucketMinutes: width, buckets };
}

