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
export async function pushTranscript(writer: HubSpotWriter, callId: string, utterances: Utterance[]): Promise<void> {
  const engagementId = Number(callId);
  if (!Number.isSafeInteger(engagementId)) throw new Error(`Call id ${callId} is not an integer`);
  await writer.call("POST", hubspotPaths.transcripts(), {
    json: { engagementId, transcriptCreateUtterances: utterances },
  });
}
