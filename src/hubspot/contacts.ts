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
 * the answer cannot tell, so it is thrown rather than read as "deleted". With `properties`,
 * their current values come back too (the registration answers' "keep HubSpot's value").
 */
export async function existingContactIds(writer: HubSpotWriter, ids: string[], properties: string[] = []): Promise<Map<string, ContactValues>> {
  return readContacts(writer, ids.map((id) => ({ id })), properties, undefined);
}

/** A contact's property values as HubSpot answers them (null when empty). */
export type ContactValues = Record<string, string | null>;

/**
 * The same batch read by email (`idProperty: "email"`): the current values of these
 * properties for the contacts HubSpot has, by lower-cased email; the others are absent.
 * POST /crm/objects/2026-09/contacts/batch/read
 * (https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/read-contacts).
 */
export async function contactValuesByEmail(writer: HubSpotWriter, emails: string[], properties: string[]): Promise<Map<string, ContactValues>> {
  const byId = await readContacts(writer, emails.map((id) => ({ id })), properties, "email");
  const out = new Map<string, ContactValues>();
  for (const values of byId.values()) {
    const email = values.email?.toLowerCase();
    if (email) out.set(email, values);
  }
  return out;
}

async function readContacts(writer: HubSpotWriter, inputs: { id: string }[], properties: string[], idProperty: "email" | undefined) {
  const body = await writer.call("POST", hubspotPaths.objectsBatch("contacts", "read"), {
    query: { archived: "false" },
    json: { inputs, properties: [...new Set(["email", ...properties])], propertiesWithHistory: [], ...(idProperty && { idProperty }) },
  });
  const other = batchErrors(body).find((e) => e.category !== "OBJECT_NOT_FOUND");
  if (other) throw new Error(`HubSpot could not read some contacts: ${other.category} ${other.message}`);
  return new Map(BatchAnswer.parse(body).results.map((r) => [r.id, r.properties ?? {}]));
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
