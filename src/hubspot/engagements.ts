import { z } from "zod";
import type { HubSpotWriter } from "./writer";

/** Call → contact, HubSpot-defined (https://developers.hubspot.com/docs/api/crm/associations). */
export const CALL_TO_CONTACT = 194;

export interface CallInput {
  properties: Record<string, string>;
  contactIds: string[];
}

const Created = z.object({ results: z.array(z.object({ id: z.string() })) });

/**
 * POST /crm/v3/objects/calls/batch/create (https://developers.hubspot.com/docs/api/crm/calls):
 * call records with their contact associations. Returns the ids in input order.
 */
export async function createCalls(writer: HubSpotWriter, inputs: CallInput[]): Promise<string[]> {
  const answer = Created.parse(
    await writer.call("POST", "/crm/v3/objects/calls/batch/create", {
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

/** POST /crm/v3/extensions/calling/transcripts: our own transcript on a call record. */
export async function pushTranscript(writer: HubSpotWriter, engagementId: string, utterances: Utterance[]): Promise<void> {
  await writer.call("POST", "/crm/v3/extensions/calling/transcripts", {
    json: { engagementId, transcriptCreateUtterances: utterances },
  });
}
