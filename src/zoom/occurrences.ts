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
