import { z } from "zod";
import type { HubSpotWriter } from "../hubspot/writer";
import { isNotFound } from "../hubspot/errors";
import { hubspotPaths } from "../hubspot/versions";
import type { Person } from "./zoom-registration";

/**
 * The enrolled contact's name and email, and the properties the webinar's registration
 * questions are mapped to. HubSpot sends name and email in `object.properties` when the
 * definition asks for them (`objectRequestOptions.properties`); otherwise, or when the
 * email or a mapped property is missing there, they are read from HubSpot (one call).
 */

/**
 * GET /crm/objects/2026-09/contacts/{contactId}?properties=… (reference platform-2026 §B3;
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/get-crm-v3-objects-contacts-contactId).
 */
const ContactAnswer = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable().optional()).default({}),
});

type Properties = Record<string, string | number | boolean | null | undefined>;

/** `values`: the contact's values of the properties asked for as `extra` (mapped registration questions), as text. */
export type ContactLookup = { kind: "found"; person: Person; values: Record<string, string> } | { kind: "no-email"; reason: string };

export async function contactOf(
  hubspot: () => HubSpotWriter,
  objectId: string,
  sent: Properties | undefined,
  /** Other properties wanted (the mapped registration questions'): read from HubSpot when HubSpot did not send them. */
  extra: string[] = [],
): Promise<ContactLookup> {
  let properties: Properties | undefined = sent;
  const missing = extra.some((p) => !sent || !(p in sent));
  if (!text(sent?.email) || missing) {
    try {
      const answer = ContactAnswer.parse(
        await hubspot().call("GET", hubspotPaths.object("contacts", objectId), {
          query: { properties: [...new Set(["firstname", "lastname", "email", ...extra])].join(",") },
        }),
      );
      properties = answer.properties;
    } catch (err) {
      if (isNotFound(err)) {
        return { kind: "no-email", reason: `Contact ${objectId} was not found in HubSpot` };
      }
      throw err;
    }
  }
  const email = text(properties?.email).toLowerCase();
  if (!email) return { kind: "no-email", reason: "The contact has no email address" };
  const values = Object.fromEntries(extra.map((p) => [p, text(properties?.[p])]));
  return { kind: "found", person: { email, firstName: text(properties?.firstname), lastName: text(properties?.lastname) }, values };
}

const text = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");
