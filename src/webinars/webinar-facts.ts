import type { Webinar } from "../generated/prisma/client";
import type { WebinarObject } from "../zoom/schemas";
import { occurrencesOf, type Occurrence } from "../zoom/occurrences";
import { isZoomEventsWebinar } from "../zoom/zoom-events";
import { splitEmails } from "./payloads";
import { lockWebinarCreatingIt, updateWebinar, type Tx } from "./repository/webinars";
import { copyDefaultsToWebinar } from "../questions/repository";

export type { Tx };

/** What Zoom told us about a webinar; undefined means "not said", never "erase". */
export interface WebinarFacts {
  uuid?: string;
  topic?: string;
  startTime?: Date;
  durationMinutes?: number;
  timezone?: string;
  hostId?: string;
  hostEmail?: string;
  alternativeHosts?: string[];
  joinUrl?: string;
  registrationUrl?: string;
  actualStartTime?: Date;
  endedAt?: Date | null;
  deletedAt?: Date | null;
  /** Belongs to Zoom Events (src/zoom/zoom-events.ts); undefined when the object does not say. */
  zoomEvents?: boolean;
  /** A recurring webinar's occurrences; only from objects that list them all (webinar.created, GET webinar). */
  occurrences?: Occurrence[];
}

/** The webinar fields of an event object or an API answer. */
export function factsOf(o: WebinarObject): WebinarFacts {
  return {
    topic: o.topic,
    startTime: o.start_time ?? undefined,
    durationMinutes: o.duration,
    timezone: o.timezone,
    hostId: o.host_id,
    hostEmail: o.host_email?.toLowerCase(),
    alternativeHosts: o.settings?.alternative_hosts !== undefined ? splitEmails(o.settings.alternative_hosts) : undefined,
    joinUrl: o.join_url,
    registrationUrl: o.registration_url,
    zoomEvents: isZoomEventsWebinar(o),
    occurrences: occurrencesOf(o),
  };
}

/**
 * Makes sure the webinar exists and records what Zoom said. `set` facts come from
 * the events that own them (webinar.created/updated for the details, started/ended for
 * the instance, Zoom's API) and overwrite; `fill` facts are the copies of webinar
 * fields that ride along on other events (possibly stale) and only fill blanks. A
 * webinar seen for the first time gets `syncEnabled = syncIfNew`: its host's "new
 * webinars on by default" (CONTRACT.md §3) and, once its host is known, the host's default
 * question mappings (src/questions). The row is locked for the transaction, so
 * concurrent events about one webinar merge instead of racing.
 */
export async function upsertWebinar(
  tx: Tx,
  connectionId: string,
  zoomWebinarId: string,
  facts: { set?: WebinarFacts; fill?: WebinarFacts },
  syncIfNew: boolean,
): Promise<{ webinar: Webinar; created: boolean; changed: boolean }> {
  const { webinar: current, created } = await lockWebinarCreatingIt(tx, connectionId, zoomWebinarId, syncIfNew);

  const data: Record<string, unknown> = {};
  const decided = new Set<string>();
  const consider = (source: WebinarFacts | undefined, overwrite: boolean) => {
    for (const [key, value] of Object.entries(source ?? {}) as [keyof WebinarFacts, unknown][]) {
      if (value === undefined || decided.has(key)) continue;
      decided.add(key);
      const now = current[key] as unknown;
      const blank = now === null || now === "" || (Array.isArray(now) && now.length === 0);
      if ((overwrite || blank) && !same(now, value)) data[key] = value;
    }
  };
  consider(facts.set, true);
  consider(facts.fill, false);
  if (Object.keys(data).length === 0) {
    if (created && current.hostId) await copyDefaultsToWebinar(tx, current.id, connectionId, current.hostId);
    return { webinar: current, created, changed: created };
  }
  const webinar = await updateWebinar(tx, current.id, data);
  // First seen with its host: the host's default question mappings become the webinar's (CONTRACT.md §11).
  if (webinar.hostId && (created || !current.hostId)) await copyDefaultsToWebinar(tx, webinar.id, connectionId, webinar.hostId);
  return { webinar, created, changed: true };
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i] || sameObject(x, b[i]));
  return a === b;
}

/** Flat objects (occurrences) with the same fields, whatever their order (jsonb reorders keys). */
function sameObject(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object" || !a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}
