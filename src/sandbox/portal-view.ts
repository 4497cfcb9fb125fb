import { ZOOM_CONTACT_PROPERTIES } from "../hubspot/properties";
import { appEventType, crmOf, liveContacts, type FakeHubSpot } from "@hzw/fakes";

/**
 * What the simulated HubSpot portal holds, read straight from the fake: the records the
 * app wrote there (contacts and their four Zoom properties, marketing events with
 * attendance, timeline events, call records and transcripts). Shown at /sandbox/portal.
 */

export interface PortalView {
  properties: { name: string; label: string }[];
  /** `others`: the contact's other properties ("jobtitle: CTO; company: Acme"), such as registration answers (issue #15). */
  contacts: { id: string; name: string; email: string; values: string[]; others: string }[];
  events: {
    name: string;
    start: string;
    end: string;
    /** "cancelled" (deleted in Zoom), "completed" (ended) or "" (upcoming or live), as HubSpot marks it. */
    status: "" | "completed" | "cancelled";
    externalEventId: string;
    counts: { register: number; attend: number; cancel: number };
    people: { email: string; states: string }[];
  }[];
  /** App event occurrences, by contact then time, rendered from their type's templates. */
  timeline: { at: string; email: string; type: string; header: string; detail: string }[];
  calls: { title: string; at: string; recordingUrl: string; contacts: number; utterances: number }[];
}

/** Shown in their own columns, or HubSpot's bookkeeping. */
const SHOWN = new Set(["email", "firstname", "lastname", "createdate", "lastmodifieddate"]);

export function portalView(hubspot: FakeHubSpot, portalId: number): PortalView {
  const portal = hubspot.portals.get(portalId);
  const properties = ZOOM_CONTACT_PROPERTIES.map((p) => ({ name: p.name, label: p.label }));
  if (!portal) return { properties, contacts: [], events: [], timeline: [], calls: [] };
  const crm = crmOf(portal);

  const contacts = liveContacts(crm)
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((c) => ({
      id: c.id,
      name: [c.properties.firstname, c.properties.lastname].filter(Boolean).join(" "),
      email: c.properties.email ?? "",
      values: properties.map((p) => c.properties[p.name] ?? ""),
      others: Object.entries(c.properties)
        .filter(([name, v]) => v && !SHOWN.has(name) && !name.startsWith("zoom_webinar_") && !name.startsWith("hs_"))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, v]) => `${name}: ${v ?? ""}`)
        .join("; "),
    }));

  const events = [...crm.events.entries()].map(([key, e]) => {
    const records = [...(crm.attendance.get(key)?.values() ?? [])];
    const byEmail = new Map<string, string[]>();
    for (const r of records) byEmail.set(r.email, [...(byEmail.get(r.email) ?? []), describeState(r.state, r.properties)]);
    return {
      name: text(e.properties.eventName),
      start: text(e.properties.startDateTime),
      end: text(e.properties.endDateTime),
      status: e.properties.eventCancelled === true ? ("cancelled" as const) : e.properties.eventCompleted === true ? ("completed" as const) : ("" as const),
      externalEventId: e.externalEventId,
      counts: {
        register: records.filter((r) => r.state === "register").length,
        attend: records.filter((r) => r.state === "attend").length,
        cancel: records.filter((r) => r.state === "cancel").length,
      },
      people: [...byEmail.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([email, states]) => ({ email, states: states.join("; ") })),
    };
  });

  const timeline = [...crm.appEvents.values()]
    .map((o) => {
      const type = appEventType(hubspot, o.eventTypeName);
      return {
        at: o.timestamp,
        email: crm.contacts.get(o.objectId)?.properties.email ?? o.email ?? "",
        type: type?.name ?? o.eventTypeName,
        header: fill(type?.headerTemplate ?? "", o.properties),
        detail: fill(type?.detailTemplate ?? "", o.properties),
      };
    })
    .sort((a, b) => a.email.localeCompare(b.email) || b.at.localeCompare(a.at));

  const calls = [...crm.calls.values()].map((c) => ({
    title: c.properties.hs_call_title ?? "",
    at: c.properties.hs_timestamp ?? "",
    recordingUrl: c.properties.hs_call_recording_url ?? "",
    contacts: c.contactIds.length,
    utterances: crm.transcripts.get(c.id)?.length ?? 0,
  }));

  return { properties, contacts, events, timeline, calls };
}

/** A stored property as the app sent it; absent is "". */
const text = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

function describeState(state: string, properties: Record<string, string>): string {
  if (state === "register") return "registered";
  if (state === "cancel") return "cancelled";
  const joined = properties.joinedAt ? ` ${time(properties.joinedAt)}` : "";
  const left = properties.leftAt ? `–${time(properties.leftAt)}` : "";
  return `attended${joined}${left}`;
}

const time = (value: string) => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 16) : value;
};

/**
 * An event type's template with the occurrence's properties filled in, as plain text (the
 * page escapes it): `{{name}}`, and `{{#formatDate name}}{{/formatDate}}` as a date.
 */
function fill(template: string, properties: Record<string, string>): string {
  const date = (value: string) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    return Number.isFinite(ms) ? new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC" : value;
  };
  return template
    .replace(/\{\{#formatDate (\w+)\}\}\{\{\/formatDate\}\}/g, (_m, name: string) => (properties[name] ? date(properties[name]) : ""))
    .replace(/\{\{(\w+)\}\}/g, (_m, name: string) => properties[name] ?? "");
}
