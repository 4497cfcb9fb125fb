import { fakeRoutes } from "./routes";
import type { Response } from "express";
import type { FakeHubSpot, FakePortal } from "./index";
import { checkBatch, contactByEmail, crmOf, hubspotError } from "./crm-store";

/**
 * App events (reference §A8): occurrences of an app's timeline event types, shaped per
 * HubSpot's Timeline 2026-03 spec.
 *   POST /integrators/timeline/2026-03/events        one occurrence → 201 with it
 *   POST /integrators/timeline/2026-03/events/batch  {inputs} → 200 {status, results, …}
 * The fake knows the event types an app declared in its project (`defineAppEventTypes`),
 * and refuses what HubSpot refuses: an unknown type, properties the type does not
 * declare, a missing id, properties or record, and an id the type already has (409).
 * The batch is all-or-nothing. Occurrences are kept per portal (crmOf(portal).appEvents).
 */

export interface FakeAppEvent {
  eventTypeName: string;
  id: string;
  /** The contact it is on. */
  objectId: string;
  email?: string;
  timestamp: string;
  properties: Record<string, string>;
}

/**
 * An event type as an app declares it in its project (`app-events/<uid>-hsmeta.json`),
 * what the fake needs of it. https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/reference
 */
export interface AppEventTypeDefinition {
  uid: string;
  name: string;
  headerTemplate: string;
  detailTemplate: string;
  properties: { name: string; type: string }[];
}

/**
 * The name occurrences are sent with: the type's fully qualified name, `ae<appId>_<uid>`
 * as HubSpot's docs write it (the page linked above).
 */
export const qualifiedAppEventTypeName = (appId: string, uid: string) => `ae${appId}_${uid}`;

export const appEventType = (fake: FakeHubSpot, eventTypeName: string) => fake.appEventTypes.get(eventTypeName);

/** Storage key: ids are unique per event type. */
export const appEventKey = (eventTypeName: string, id: string) => `${eventTypeName}/${id}`;

/*
 * Not confirmed (README "Known unknowns"), so the fake takes the strict side: the status
 * for an unknown event type (400 here), whether `number` properties must be numeric,
 * whether an email with no contact creates one (refused here: the app writes contacts
 * before their timeline events), and a batch repeating one id (409 here).
 */
type Checked = { ok: true; event: FakeAppEvent } | { ok: false; status: 400 | 409; category: string; message: string };

function check(fake: FakeHubSpot, portal: FakePortal, input: unknown): Checked {
  const bad = (message: string): Checked => ({ ok: false, status: 400, category: "VALIDATION_ERROR", message });
  if (!input || typeof input !== "object" || Array.isArray(input)) return bad("An occurrence must be an object");
  const o = input as Record<string, unknown>;
  if (typeof o.eventTypeName !== "string" || !o.eventTypeName) return bad("eventTypeName is required");
  const type = appEventType(fake, o.eventTypeName);
  if (!type) return bad(`Unknown event type ${o.eventTypeName}`);
  if (typeof o.id !== "string" || !o.id) return bad("id is required");
  if (!o.properties || typeof o.properties !== "object" || Array.isArray(o.properties)) return bad("properties is required");
  const props = o.properties as Record<string, unknown>;
  const known = new Map(type.properties.map((p) => [p.name, p]));
  const unknown = Object.keys(props).filter((name) => !known.has(name));
  if (unknown.length) return bad(`Properties not defined on event type ${o.eventTypeName}: ${unknown.join(", ")}`);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value !== "string") return bad(`Property ${name} must be a string`);
    if (known.get(name)?.type === "number" && !Number.isFinite(Number(value))) return bad(`Property ${name} must be a number`);
  }
  if (o.timestamp !== undefined && (typeof o.timestamp !== "string" || Number.isNaN(Date.parse(o.timestamp)))) {
    return bad("timestamp must be an ISO-8601 date-time");
  }
  const crm = crmOf(portal);
  let contact;
  if (o.objectId !== undefined) contact = crm.contacts.get(String(o.objectId));
  else if (typeof o.email === "string" && o.email) contact = contactByEmail(crm, o.email);
  else return bad("objectId or email is required to find the record (utk is not simulated)");
  if (!contact || contact.archived) return bad(`No contact ${String(o.objectId ?? o.email)}`);
  if (crm.appEvents.has(appEventKey(o.eventTypeName, o.id))) {
    return { ok: false, status: 409, category: "CONFLICT", message: `An occurrence of ${o.eventTypeName} with id ${o.id} already exists` };
  }
  return {
    ok: true,
    event: {
      eventTypeName: o.eventTypeName,
      id: o.id,
      objectId: contact.id,
      ...(typeof o.email === "string" && { email: o.email }),
      timestamp: typeof o.timestamp === "string" ? new Date(o.timestamp).toISOString() : new Date().toISOString(),
      properties: props as Record<string, string>,
    },
  };
}

const refuse = (res: Response, c: Extract<Checked, { ok: false }>) => hubspotError(res, c.status, c.category, c.message);

export function registerAppEventRoutes(fake: FakeHubSpot) {
  fake.app.post(fakeRoutes.appEvents, (req, res) => {
    const portal = fake.portalOf(res);
    const c = check(fake, portal, req.body);
    if (!c.ok) return refuse(res, c);
    crmOf(portal).appEvents.set(appEventKey(c.event.eventTypeName, c.event.id), c.event);
    res.status(201).json(c.event);
  });

  fake.app.post(fakeRoutes.appEventsBatch, (req, res) => {
    const portal = fake.portalOf(res);
    const inputs = req.body?.inputs as unknown[];
    if (!checkBatch(res, inputs)) return;
    const startedAt = new Date().toISOString();
    const checked = inputs.map((i) => check(fake, portal, i));
    // All or nothing: a validation error first, then any id that exists (or repeats).
    const invalid = checked.find((c): c is Extract<Checked, { ok: false }> => !c.ok && c.status === 400);
    if (invalid) return refuse(res, invalid);
    const conflict = checked.find((c): c is Extract<Checked, { ok: false }> => !c.ok);
    if (conflict) return refuse(res, conflict);
    const events = checked.map((c) => (c as Extract<Checked, { ok: true }>).event);
    const keys = events.map((e) => appEventKey(e.eventTypeName, e.id));
    if (new Set(keys).size !== keys.length) return hubspotError(res, 409, "CONFLICT", "The batch holds the same occurrence id twice");
    const store = crmOf(portal).appEvents;
    events.forEach((e) => store.set(appEventKey(e.eventTypeName, e.id), e));
    res.json({ status: "COMPLETE", results: events, startedAt, completedAt: new Date().toISOString() });
  });
}
