import { z } from "zod";
import { batchErrors, type StandardError } from "./errors";
import { hubspotPaths } from "./versions";
import type { HubSpotWriter } from "./writer";

/**
 * Contacts in batches of at most 100 (reference platform-2026 §B3), on the 2026-09 CRM
 * objects API (spec CRM/Contacts/…/2026-09/contacts.json).
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/upsert-contacts
 */

const BatchAnswer = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).optional(), new: z.boolean().optional() })),
});

/**
 * POST /crm/objects/2026-09/contacts/batch/upsert by primary email → HubSpot id per email,
 * and the batch's `errors[]` (StandardError) when HubSpot wrote only part of it (207).
 */
export async function upsertContactsByEmail(
  writer: HubSpotWriter,
  inputs: { email: string; properties: Record<string, string> }[],
): Promise<{ ids: Map<string, string>; errors: StandardError[] }> {
  const body = await writer.call("POST", hubspotPaths.objectsBatch("contacts", "upsert"), {
    json: { inputs: inputs.map((i) => ({ id: i.email, idProperty: "email", properties: { ...i.properties, email: i.email } })) },
  });
  const ids = new Map<string, string>();
  for (const r of BatchAnswer.parse(body).results) {
    const email = r.properties?.email?.toLowerCase();
    if (email) ids.set(email, r.id);
  }
  return { ids, errors: batchErrors(body) };
}

/**
 * POST /crm/objects/2026-09/contacts/batch/read by record id: the ids HubSpot still has
 * (https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/read-contacts).
 * The 2026-09 schema requires `properties` and `propertiesWithHistory` (none wanted here);
 * `archived` is a query parameter there. Deleted (archived) contacts come back as
 * OBJECT_NOT_FOUND errors of the batch (207), not results; any other batch error means
 * the answer cannot tell, so it is thrown rather than read as "deleted".
 */
export async function existingContactIds(writer: HubSpotWriter, ids: string[]): Promise<Set<string>> {
  const body = await writer.call("POST", hubspotPaths.objectsBatch("contacts", "read"), {
    query: { archived: "false" },
    json: { inputs: ids.map((id) => ({ id })), properties: ["email"], propertiesWithHistory: [] },
  });
  const other = batchErrors(body).find((e) => e.category !== "OBJECT_NOT_FOUND");
  if (other) throw new Error(`HubSpot could not read some contacts: ${other.category} ${other.message}`);
  return new Set(BatchAnswer.parse(body).results.map((r) => r.id));
}

const SearchAnswer = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** Search pages hold up to 200 results in 2026-09 (100 before). */
export const SEARCH_PAGE = 200;

/**
 * Every secondary email of the portal: a search for the contacts that have
 * `hs_additional_emails` at all (POST /crm/objects/2026-09/contacts/search,
 * https://developers.hubspot.com/docs/api-reference/search/guide), rather than one
 * lookup per person. The property holds the addresses separated by semicolons.
 *
 * HubSpot's search never pages past 10,000 results (a 400, whatever the filter), so the
 * search is walked by key, not by cursor: each request asks for the next 200 contacts
 * whose `hs_object_id` is greater than the last one seen, sorted by it ascending, and
 * never sends `after`. Every request is a fresh search whose window starts at 0, so a
 * portal with 50,000 such contacts takes 250 requests, within the search limit of 5 per
 * second (the writer takes them from the portal's search budget, src/hubspot/budget.ts).
 */
export async function secondaryEmails(writer: HubSpotWriter): Promise<Set<string>> {
  const found = new Set<string>();
  let lastId = "0";
  for (;;) {
    const page = SearchAnswer.parse(
      await writer.call("POST", hubspotPaths.objectsSearch("contacts"), {
        json: {
          filterGroups: [
            {
              filters: [
                { propertyName: "hs_additional_emails", operator: "HAS_PROPERTY" },
                { propertyName: "hs_object_id", operator: "GT", value: lastId },
              ],
            },
          ],
          properties: ["email", "hs_additional_emails"],
          // The 2026-09 spec types `sorts` as an array of strings; HubSpot's search guide
          // shows objects {propertyName, direction} (and says a string sorts ascending).
          // We follow the guide, the documented behaviour; the fake accepts both.
          sorts: [{ propertyName: "hs_object_id", direction: "ASCENDING" }],
          limit: SEARCH_PAGE,
          // The spec lists `after` as required, the guide only for the next pages: never
          // sent here, each request being the first page of its own search.
        },
      }),
    );
    for (const c of page.results) {
      for (const e of (c.properties.hs_additional_emails ?? "").split(/[;,]/)) {
        if (e.trim()) found.add(e.trim().toLowerCase());
      }
    }
    // A short page is the last one; ids are compared as numbers by HubSpot.
    const last = page.results.at(-1);
    if (!last || page.results.length < SEARCH_PAGE) return found;
    const next = last.id;
    if (BigInt(next) <= BigInt(lastId)) throw new Error(`HubSpot's search did not move past contact ${lastId}`);
    lastId = next;
  }
}
