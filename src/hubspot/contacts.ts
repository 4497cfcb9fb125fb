import { z } from "zod";
import type { HubSpotWriter } from "./writer";

/**
 * Contacts in batches of at most 100 (reference §B4).
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts
 */

const BatchAnswer = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).optional(), new: z.boolean().optional() })),
});

/** POST /crm/v3/objects/contacts/batch/upsert by primary email → HubSpot id per email. */
export async function upsertContactsByEmail(
  writer: HubSpotWriter,
  inputs: { email: string; properties: Record<string, string> }[],
): Promise<Map<string, string>> {
  const answer = BatchAnswer.parse(
    await writer.call("POST", "/crm/v3/objects/contacts/batch/upsert", {
      json: { inputs: inputs.map((i) => ({ id: i.email, idProperty: "email", properties: { ...i.properties, email: i.email } })) },
    }),
  );
  const ids = new Map<string, string>();
  for (const r of answer.results) {
    const email = r.properties?.email?.toLowerCase();
    if (email) ids.set(email, r.id);
  }
  return ids;
}

/**
 * POST /crm/v3/objects/contacts/batch/read by record id: the ids HubSpot still has.
 * Deleted (archived) contacts are reported as errors, not results (207).
 */
export async function existingContactIds(writer: HubSpotWriter, ids: string[]): Promise<Set<string>> {
  const answer = BatchAnswer.parse(
    await writer.call("POST", "/crm/v3/objects/contacts/batch/read", {
      json: { inputs: ids.map((id) => ({ id })), properties: ["email"], archived: false },
    }),
  );
  return new Set(answer.results.map((r) => r.id));
}

const SearchAnswer = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/**
 * Every secondary email of the portal: one paged search for the contacts that have
 * `hs_additional_emails` at all (POST /crm/v3/objects/contacts/search), rather than one
 * lookup per person. The property holds the addresses separated by semicolons.
 */
export async function secondaryEmails(writer: HubSpotWriter): Promise<Set<string>> {
  const found = new Set<string>();
  let after: string | undefined;
  do {
    const page = SearchAnswer.parse(
      await writer.call("POST", "/crm/v3/objects/contacts/search", {
        json: {
          filterGroups: [{ filters: [{ propertyName: "hs_additional_emails", operator: "HAS_PROPERTY" }] }],
          properties: ["email", "hs_additional_emails"],
          sorts: [{ propertyName: "hs_object_id", direction: "ASCENDING" }],
          limit: 100,
          ...(after && { after }),
        },
      }),
    );
    for (const c of page.results) {
      for (const e of (c.properties.hs_additional_emails ?? "").split(/[;,]/)) {
        if (e.trim()) found.add(e.trim().toLowerCase());
      }
    }
    after = page.paging?.next?.after;
  } while (after);
  return found;
}
