import { z } from "zod";
import { hubspotPaths } from "./versions";
import type { HubSpotWriter } from "./writer";

/** Call → contact, HubSpot-defined (https://developers.hubspot.com/docs/api/crm/associations). */
export const CALL_TO_CONTACT = 194;

export interface CallInput {
  properties: Record<string, string>;
  contactIds: string[];
}

const Created = z.object({ results: z.array(z.object({ id: z.string() })) });

/**
 * POST /crm/objects/2026-09/calls/batch/create (reference platform-2026 §B6, spec
 * CRM/Calls/…/2026-09/calls.json; https://developers.hubspot.com/docs/api-reference/crm-calls-v3/guide):
 * call records with their contact associations. Returns the ids in input order.
 */
export async function createCalls(writer: HubSpotWriter, inputs: CallInput[]): Promise<string[]> {
  const answer = Created.parse(
    await writer.call("POST", hubspotPaths.objectsBatch("calls", "create"), {
      // Each send creates new calls: never re-sent after a lost answer (src/sync/recordings.ts looks them up).
      once: true,
      json: {
        inputs: inputs.map((c) => ({
          properties: c.properties,
          associations: c.contactIds.map((id) => ({
            to: { id },
            types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: CALL_TO_CONTACT }],
          })),
        })),
      },
    }),
  );
  return answer.results.map((r) => r.id);
}

export interface Utterance {
  speaker: { id: string; name: string };
  text: string;
  startTimeMillis: number;
  endTimeMillis: number;
}

/**
 * POST /crm/extensions/calling/2026-09/transcripts (reference platform-2026 §B6, spec
 * CRM/Transcriptions/…/2026-09/transcriptions.json `TranscriptCreateRequest`;
 * https://developers.hubspot.com/docs/api-reference/crm-calling-transcripts-v3/guide):
 * our own transcript on a call record. The schema types `engagementId` as an integer
 * (int64), while CRM ids are strings elsewhere: the call's id is sent as a number.
 */
export async function pushTranscript(writer: HubSpotWriter, callId: string, utterances: Utterance[]): Promise<string> {
  const engagementId = Number(callId);
  if (!Number.isSafeInteger(engagementId)) throw new Error(`Call id ${callId} is not an integer`);
  const answer = await writer.call("POST", hubspotPaths.transcripts(), {
    // Each send adds a transcript: never re-sent after a lost answer.
    once: true,
    json: { engagementId, transcriptCreateUtterances: utterances },
  });
  // `TranscriptCreateResponse`: { id }.
  return z.object({ id: z.string() }).parse(answer).id;
}

const Found = z.object({ results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) })) });

/**
 * The calls this app created for a recording, found by what only it sets: the recording
 * URL (`hs_call_recording_url` EQ, a filter on a property of the call) and our title.
 * POST /crm/objects/2026-09/calls/search (spec CRM/Calls/Rollouts/424/2026-09/calls.json
 * `PublicObjectSearchRequest`; scope crm.objects.contacts.read; exempt from the
 * ten-secondly limit, so it takes the search budget;
 * https://developers.hubspot.com/docs/api-reference/search/guide). Ids ascending.
 * Not confirmed (README "Known unknowns"): how soon a created call is found by search
 * (the guide says new records appear "with a delay"); the caller waits
 * CALL_SEARCH_SETTLE_MS after an uncertain create before concluding it did not happen.
 */
export async function findOurCalls(writer: HubSpotWriter, call: { hs_call_recording_url: string; hs_call_title: string }): Promise<string[]> {
  const answer = Found.parse(
    await writer.call("POST", hubspotPaths.objectsSearch("calls"), {
      json: {
        filterGroups: [{ filters: [{ propertyName: "hs_call_recording_url", operator: "EQ", value: call.hs_call_recording_url }] }],
        properties: ["hs_call_recording_url", "hs_call_title"],
        sorts: [{ propertyName: "hs_object_id", direction: "ASCENDING" }],
        limit: 100,
      },
    }),
  );
  // EQ on a text property may match loosely: only exact copies of ours count.
  return answer.results
    .filter((r) => r.properties.hs_call_recording_url === call.hs_call_recording_url && r.properties.hs_call_title === call.hs_call_title)
    .map((r) => r.id);
}

/** How long after an uncertain create a search that finds nothing is believed. */
export const CALL_SEARCH_SETTLE_MS = 60_000;
