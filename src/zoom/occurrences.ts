import { z } from "zod";

/**
 * A recurring webinar's occurrences (types 6 and 9; reference platform-2026 §C4): the
 * `occurrences[]` of GET /webinars/{webinarId} and of `webinar.created`, each
 * `{occurrence_id, start_time, duration, status}` (Zoom's SDK: WebinarsGetWebinarResponse,
 * https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/webinars/{webinarId}).
 * An item that does not have that shape is left out rather than refusing the webinar.
 */
const ZoomOccurrence = z
  .object({
    occurrence_id: z.union([z.string().min(1), z.number()]).transform(String),
    start_time: z.string().refine((v) => !Number.isNaN(Date.parse(v)), "must be a time"),
    duration: z.number().int().nonnegative().optional(),
    status: z.string().optional(),
  })
  .loose();

/** An occurrence as the app keeps it (webinars.occurrences, JSON: hence a type, not an interface). */
export type Occurrence = {
  occurrenceId: string;
  /** ISO 8601. */
  startTime: string;
  durationMinutes?: number;
  /** Zoom's status, e.g. "available" or "deleted". */
  status?: string;
};

/** The occurrences of a webinar object, in start order; undefined when it lists none. */
export function occurrencesOf(o: { occurrences?: unknown[] }): Occurrence[] | undefined {
  if (!Array.isArray(o.occurrences) || o.occurrences.length === 0) return undefined;
  const list = o.occurrences.flatMap((item) => {
    const parsed = ZoomOccurrence.safeParse(item);
    if (!parsed.success) return [];
    const { occurrence_id, start_time, duration, status } = parsed.data;
    return [{ occurrenceId: occurrence_id, startTime: new Date(start_time).toISOString(), ...(duration !== undefined && { durationMinutes: duration }), ...(status && { status }) }];
  });
  return list.length ? list.sort((a, b) => a.startTime.localeCompare(b.startTime)) : undefined;
}

/** Occurrences that still take place (Zoom marks a deleted one `status: "deleted"`). */
export const liveOccurrences = (list: Occurrence[]) => list.filter((o) => o.status?.toLowerCase() !== "deleted");

/** The next occurrence that has not started at `now`, if any. */
export function nextOccurrence(list: Occurrence[], now: number): Occurrence | undefined {
  return liveOccurrences(list).find((o) => Date.parse(o.startTime) > now);
}

/** The span of the series: the first occurrence's start to the last one's end (start + duration). */
export function seriesSpan(list: Occurrence[]): { start: Date; end?: Date } | undefined {
  const live = liveOccurrences(list);
  const first = live[0];
  const last = live.at(-1);
  if (!first || !last) return undefined;
  const lastStart = Date.parse(last.startTime);
  return {
    start: new Date(first.startTime),
    ...(last.durationMinutes !== undefined && { end: new Date(lastStart + last.durationMinutes * 60_000) }),
  };
}

/** The occurrences as stored (webinars.occurrences, written from `occurrencesOf`); anything else reads as none. */
export function storedOccurrences(json: unknown): Occurrence[] {
  if (!Array.isArray(json)) return [];
  return json.filter(
    (o): o is Occurrence =>
      typeof o === "object" && o !== null && typeof (o as Occurrence).occurrenceId === "string" && typeof (o as Occurrence).startTime === "string",
  );
}

/** A recurring webinar is one with two or more occurrences that still take place. */
export const isRecurring = (list: Occurrence[]) => liveOccurrences(list).length >= 2;

/**
 * The occurrence a session that started at `startMs` belongs to: the live occurrence
 * whose start is nearest (people join a little early or late; occurrences are far
 * apart). Undefined when there is none.
 */
export function occurrenceOfSession(list: Occurrence[], startMs: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of liveOccurrences(list)) {
    if (!best || Math.abs(Date.parse(o.startTime) - startMs) < Math.abs(Date.parse(best.startTime) - startMs)) best = o;
  }
  return best;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An occurrence's start in words, in UTC: "1 Dec 2026 15:00". */
export function occurrenceWords(o: Occurrence): string {
  const d = new Date(o.startTime);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${String(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ""} ${String(d.getUTCFullYear())} ${hh}:${mm}`;
}

/**
 * The live occurrences in words for the marketing event's description, e.g. "A series of
 * 3 sessions: 1 Dec 2026 15:00, 8 Dec 2026 15:00, 15 Dec 2026 15:00 (UTC)."; undefined
 * when the webinar does not recur.
 */
export function seriesDescription(list: Occurrence[]): string | undefined {
  const live = liveOccurrences(list);
  if (live.length < 2) return undefined;
  return `A series of ${String(live.length)} sessions: ${live.map(occurrenceWords).join(", ")} (UTC).`;
}
