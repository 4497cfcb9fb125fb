import { z } from "zod";
import type { HubSpotWriter } from "./writer";
import { isConflict, isNotFound } from "./errors";
import { hubspotPaths } from "./versions";

/** The contact property group and the four properties of CONTRACT.md §5. */
export const ZOOM_PROPERTY_GROUP = { name: "zoom", label: "Zoom", displayOrder: -1 };

export const ZOOM_CONTACT_PROPERTIES = [
  {
    name: "zoom_webinar_registration_count",
    label: "Total number of Zoom webinar registrations",
    type: "number",
    fieldType: "number",
    description: "Zoom webinars this contact registered for and did not cancel.",
  },
  {
    name: "zoom_webinar_attendance_count",
    label: "Total number of Zoom webinars attended",
    type: "number",
    fieldType: "number",
    description: "Zoom webinars this contact attended.",
  },
  {
    name: "zoom_webinar_attendance_average_duration",
    label: "Average Zoom webinar attendance duration",
    type: "number",
    fieldType: "number",
    // No `numberDisplayHint: "percentage"`: the 2026-09 PropertyCreate schema no longer
    // has it (v3 and 2026-03 did), so the 0-100 meaning is said in the label's description.
    description: "Average share (0-100 %) of attended Zoom webinars this contact was present for.",
  },
  {
    name: "zoom_webinar_joinlink",
    label: "Last registered Zoom webinar",
    type: "string",
    fieldType: "text",
    description: "Join link of the Zoom webinar this contact registered for last.",
  },
] as const;

/**
 * Creates the `zoom` group and any of the four properties that are missing; existing
 * ones are left as the portal's admins may have changed them.
 * Endpoints: GET /crm/properties/2026-09/contacts/groups/{name}, POST …/contacts/groups,
 * GET /crm/properties/2026-09/contacts/{name}, POST …/contacts (spec
 * CRM/Properties/…/2026-09/properties.json; https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide).
 */
export async function ensureZoomContactProperties(api: HubSpotWriter): Promise<{ created: string[] }> {
  const created: string[] = [];
  const exists = async (path: string) => {
    try {
      await api.call("GET", path);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
  // A 409 means someone (another install callback) created it meanwhile: fine.
  const create = async (path: string, body: unknown) => {
    try {
      await api.call("POST", path, { json: body });
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  };
  if (!(await exists(hubspotPaths.propertyGroup("contacts", ZOOM_PROPERTY_GROUP.name)))) {
    if (await create(hubspotPaths.propertyGroups("contacts"), ZOOM_PROPERTY_GROUP)) created.push(`group:${ZOOM_PROPERTY_GROUP.name}`);
  }
  for (const property of ZOOM_CONTACT_PROPERTIES) {
    if (await exists(hubspotPaths.property("contacts", property.name))) continue;
    if (await create(hubspotPaths.properties("contacts"), { ...property, groupName: ZOOM_PROPERTY_GROUP.name, formField: false })) {
      created.push(property.name);
    }
  }
  return { created };
}

/** A contact property as the question mappings offer it (name, label, type, group). */
export interface ContactPropertyInfo {
  name: string;
  label: string;
  type: string;
  groupName: string;
}

const PropertyList = z.object({
  results: z.array(
    z.object({ name: z.string(), label: z.string().default(""), type: z.string().default("string"), groupName: z.string().default(""), hidden: z.boolean().optional() }).loose(),
  ),
});

/**
 * Every contact property of the portal, HubSpot's own and custom ones:
 * GET /crm/properties/2026-09/contacts (spec CRM/Properties/…/2026-09/properties.json;
 * https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/get-crm-v3-properties-objectType).
 * Hidden ones are left out.
 */
export async function listContactProperties(api: HubSpotWriter): Promise<ContactPropertyInfo[]> {
  const body = PropertyList.parse(await api.call("GET", hubspotPaths.properties("contacts")));
  return body.results.filter((p) => !p.hidden).map((p) => ({ name: p.name, label: p.label, type: p.type, groupName: p.groupName }));
}

/**
 * A text property in the `zoom` group for a registration question: POST
 * /crm/properties/2026-09/contacts (spec CRM/Properties/…/2026-09/properties.json;
 * https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/post-crm-v3-properties-objectType).
 * A 409 (it exists meanwhile) is fine.
 */
export async function createZoomTextProperty(api: HubSpotWriter, name: string, label: string): Promise<void> {
  try {
    await api.call("POST", hubspotPaths.properties("contacts"), {
      json: { name, label, type: "string", fieldType: "text", groupName: ZOOM_PROPERTY_GROUP.name, formField: false, description: "Answer to a Zoom webinar registration question." },
    });
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}
