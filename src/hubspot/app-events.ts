import { isConflict, isPermanent } from "./errors";
import { hubspotPaths } from "./versions";
import type { HubSpotWriter } from "./writer";

/**
 * Occurrences of the app's timeline event types (HubSpot "app events", types declared in
 * src/hubspot/app-event-types.ts) on contacts.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/send-event-occurrences
 *
 * Occurrences are immutable and HubSpot refuses an `id` it already has for the type with
 * 409, so the ids are ours and deterministic: a resend after a lost answer is answered
 * 409, which means "already there".
 */
export interface AppEventOccurrence {
  /** The type's fully qualified name (APP_EVENT_TYPE_NAME). */
  eventTypeName: string;
  id: string;
  email: string;
  /** ISO-8601: when it happened (HubSpot uses the time it receives it otherwise). */
  timestamp: string;
  properties: Record<string, string>;
}

/**
 * Occurrences per batch call. Not confirmed (README "Known unknowns"): HubSpot documents
 * no limit for the app events batch; we assume its usual 100 per batch.
 */
export const APP_EVENTS_BATCH_LIMIT = 100;

export interface SentOccurrences {
  /** Now in HubSpot: accepted, or already there (409). */
  written: string[];
  /** Refused for their content (4xx other than 409 and 429), with HubSpot's message. */
  refused: { id: string; message: string }[];
}

/** A permanent answer about the request itself (409 excepted: "already there"). */
const refusal = (err: unknown) => isPermanent(err) && !isConflict(err);

/**
 * Sends at most APP_EVENTS_BATCH_LIMIT occurrences. The batch is all-or-nothing: when
 * HubSpot answers 409 because some id is already there, the batch's occurrences are sent
 * one by one so the others still land. 429, 5xx and network errors (after the writer's
 * retries) are thrown: the sync is retried and resumes.
 */
export async function sendAppEvents(writer: HubSpotWriter, occurrences: AppEventOccurrence[]): Promise<SentOccurrences> {
  if (occurrences.length === 0) return { written: [], refused: [] };
  try {
    // POST /integrators/timeline/2026-03/events/batch {inputs}; 200 with {status, results}.
    // https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/send-event-occurrences
    await writer.call("POST", hubspotPaths.appEventsBatch(), { json: { inputs: occurrences } });
    return { written: occurrences.map((o) => o.id), refused: [] };
  } catch (err) {
    if (isConflict(err)) return sendOneByOne(writer, occurrences);
    if (refusal(err)) return { written: [], refused: occurrences.map((o) => ({ id: o.id, message: (err as Error).message })) };
    throw err;
  }
}

async function sendOneByOne(writer: HubSpotWriter, occurrences: AppEventOccurrence[]): Promise<SentOccurrences> {
  const result: SentOccurrences = { written: [], refused: [] };
  for (const o of occurrences) {
    try {
      // POST /integrators/timeline/2026-03/events; 201 with the occurrence, 409 if its id exists.
      // https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/send-event-occurrences
      await writer.call("POST", hubspotPaths.appEvents(), { json: o });
      result.written.push(o.id);
    } catch (err) {
      if (isConflict(err)) result.written.push(o.id);
      else if (refusal(err)) result.refused.push({ id: o.id, message: (err as Error).message });
      else throw err;
    }
  }
  return result;
}
