import { randomUUID } from "node:crypto";
import type { Response } from "express";
import type { FakeAppEvent } from "./app-events";
import type { FakeContact, FakePortal } from "./index";

/**
 * The CRM side of a fake portal: contacts (with archived ones kept, as HubSpot keeps
 * deleted records out of reads), marketing events and their attendance, calls,
 * transcripts and app event occurrences (timeline events). Part of the portal itself (so
 * of the fake's state); `crmOf(portal)` names that part.
 */
export type { FakeContact };

export interface FakeMarketingEvent {
  objectId: string;
  externalAccountId: string;
  externalEventId: string;
  properties: Record<string, unknown>;
}

export interface FakeAttendance {
  contactId: string;
  email: string;
  state: "register" | "attend" | "cancel";
  interactionDateTime: number;
  properties: Record<string, string>;
}

export interface FakeCall {
  id: string;
  properties: Record<string, string>;
  contactIds: string[];
}

export interface FakeCrm {
  /** Contacts by id (string, as HubSpot's v3 API shows it). */
  contacts: Map<string, FakeContact>;
  /** Primary email → id of the live contact; rebuilt when contacts were added elsewhere. */
  byEmail: Map<string, string>;
  indexedSize: number;
  nextId: number;
  events: Map<string, FakeMarketingEvent>;
  /** Per event key: the latest record per contact and state. */
  attendance: Map<string, Map<string, FakeAttendance>>;
  /**
   * Per event key: every participation entry recorded, one per input of every
   * email-create; a resend for the same contact and state adds a second one
   * (marketing-events.ts says why).
   */
  participations: Map<string, (FakeAttendance & { id: string; createdAt: string })[]>;
  calls: Map<string, FakeCall>;
  /** The latest transcript's utterances per call id. */
  transcripts: Map<string, unknown[]>;
  /** Every transcript created, in order: a second POST for a call adds a second one. */
  transcriptRecords: { id: string; engagementId: string; utterances: unknown[] }[];
  /** App event occurrences by `${eventTypeName}/${id}` (app-events.ts). */
  appEvents: Map<string, FakeAppEvent>;
}

/** The CRM records of a new portal. */
export const emptyCrm = (): FakeCrm => ({
  contacts: new Map(), byEmail: new Map(), indexedSize: -1, nextId: 1001, events: new Map(), attendance: new Map(),
  participations: new Map(), calls: new Map(), transcripts: new Map(), transcriptRecords: [], appEvents: new Map(),
});

/** The portal's CRM records (a portal holds them itself). */
export const crmOf = (portal: FakePortal): FakeCrm => portal;

export const eventKey = (externalAccountId: string, externalEventId: string) => `${externalAccountId}/${externalEventId}`;

/** Live (not archived) contacts. */
export const liveContacts = (crm: FakeCrm) => [...crm.contacts.values()].filter((c) => !c.archived);

/** The live contact whose primary email this is. */
export function contactByEmail(crm: FakeCrm, email: string): FakeContact | undefined {
  if (crm.indexedSize !== crm.contacts.size) reindex(crm);
  const id = crm.byEmail.get(email.toLowerCase());
  const c = id ? crm.contacts.get(id) : undefined;
  return c && !c.archived ? c : undefined;
}

function reindex(crm: FakeCrm) {
  crm.byEmail.clear();
  for (const c of crm.contacts.values()) {
    const email = c.properties.email?.toLowerCase();
    if (email && !c.archived) crm.byEmail.set(email, c.id);
  }
  crm.indexedSize = crm.contacts.size;
}

export function createContact(crm: FakeCrm, properties: Record<string, string>): FakeContact {
  const now = new Date().toISOString();
  let id = String(crm.nextId++);
  while (crm.contacts.has(id)) id = String(crm.nextId++);
  const contact: FakeContact = {
    id,
    properties: { ...properties, email: properties.email?.toLowerCase() ?? "", hs_object_id: id, createdate: now, lastmodifieddate: now },
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  if (crm.indexedSize !== crm.contacts.size) reindex(crm);
  crm.contacts.set(id, contact);
  crm.indexedSize = crm.contacts.size;
  if (contact.properties.email) crm.byEmail.set(contact.properties.email, id);
  return contact;
}

export function updateContact(crm: FakeCrm, contact: FakeContact, properties: Record<string, string>) {
  const now = new Date().toISOString();
  const before = contact.properties.email;
  Object.assign(contact.properties, properties, { lastmodifieddate: now });
  if (properties.email) contact.properties.email = properties.email.toLowerCase();
  const after = contact.properties.email;
  if (before !== after) {
    if (before) crm.byEmail.delete(before);
    if (after) crm.byEmail.set(after, contact.id);
  }
  contact.updatedAt = now;
}

/** A deleted contact: gone from reads, searches and upserts (tests call this). */
export function archiveContact(crm: FakeCrm, email: string): FakeContact | undefined {
  const c = contactByEmail(crm, email);
  if (c) {
    c.archived = true;
    crm.byEmail.delete(c.properties.email ?? "");
  }
  return c;
}

export const publicContact = (c: FakeContact, properties?: string[]) => ({
  id: c.id,
  properties: properties ? Object.fromEntries(["hs_object_id", ...properties].map((p) => [p, c.properties[p] ?? null])) : c.properties,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  archived: c.archived,
});

export const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;

/** One `ErrorDetail` of a 2026-09 error body. */
export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
  subCategory?: string;
}

/**
 * An error answer in the 2026-09 shape (schema `Error` of every 2026-09 spec file):
 * `{ category, correlationId (uuid), message, errors?[{message, code?, in?, context?}], context? }`.
 */
export function hubspotError(
  res: Response,
  status: number,
  category: string,
  message: string,
  extra: { errors?: ErrorDetail[]; context?: Record<string, string[]>; subCategory?: string } = {},
) {
  return res.status(status).json({ category, correlationId: randomUUID(), message, ...extra });
}

/** A 400 VALIDATION_ERROR naming what is wrong. */
export const invalidInput = (res: Response, message: string, errors?: ErrorDetail[]) =>
  hubspotError(res, 400, "VALIDATION_ERROR", message, errors ? { errors } : {});

/** One entry of a batch answer's `errors[]` (schema `StandardError`). */
export const standardError = (category: string, message: string, context: Record<string, string[]> = {}) => ({
  status: "error",
  category,
  message,
  context,
  errors: [],
  links: {},
});

/** Batch endpoints take at most 100 inputs (reference platform-2026 §B3). */
export function checkBatch(res: Response, inputs: unknown): inputs is unknown[] {
  if (!Array.isArray(inputs)) {
    invalidInput(res, "inputs must be an array", [{ message: "must be an array", in: "inputs", code: "INVALID_TYPE" }]);
    return false;
  }
  if (inputs.length > 100) {
    invalidInput(res, `Batch input limit exceeded: ${inputs.length} inputs, at most 100`, [{ message: "at most 100 inputs", in: "inputs", code: "TOO_MANY" }]);
    return false;
  }
  return true;
}

/** Fields the request schema requires that are missing or of the wrong type. */
export function missingFields(body: Record<string, unknown> | undefined, fields: Record<string, "string" | "array" | "object" | "integer">): string[] {
  return Object.entries(fields)
    .filter(([name, type]) => {
      const v = body?.[name];
      if (type === "array") return !Array.isArray(v);
      if (type === "object") return v === null || typeof v !== "object" || Array.isArray(v);
      if (type === "integer") return typeof v !== "number" || !Number.isInteger(v);
      return typeof v !== "string";
    })
    .map(([name, type]) => `${name} (${type})`);
}

/** Answers 400 when the body lacks what the schema requires; true when it is fine. */
export function requireFields(res: Response, body: unknown, fields: Parameters<typeof missingFields>[1], where = ""): boolean {
  const missing = missingFields(body as Record<string, unknown> | undefined, fields);
  if (missing.length === 0) return true;
  invalidInput(
    res,
    `Invalid input JSON${where}: missing or invalid ${missing.join(", ")}`,
    missing.map((m) => ({ message: `${m} is required`, in: m.split(" ")[0], code: "REQUIRED_FIELD" })),
  );
  return false;
}

/** CRM property values are strings in every 2026-09 object schema. */
export const nonStringValues = (properties: Record<string, unknown>) => Object.keys(properties).filter((k) => typeof properties[k] !== "string");

/** Properties HubSpot has on every contact (group `contactinformation`); others must be defined in the portal. */
export const BUILT_IN_CONTACT_PROPERTIES: { name: string; label: string; type: string; fieldType: string; groupName: string }[] = [
  ["email", "Email", "string", "text"],
  ["firstname", "First Name", "string", "text"],
  ["lastname", "Last Name", "string", "text"],
  ["hs_additional_emails", "Additional email addresses", "enumeration", "checkbox"],
  ["phone", "Phone Number", "string", "phonenumber"],
  ["company", "Company Name", "string", "text"],
  ["jobtitle", "Job Title", "string", "text"],
  ["address", "Street Address", "string", "text"],
  ["city", "City", "string", "text"],
  ["state", "State/Region", "string", "text"],
  ["zip", "Postal Code", "string", "text"],
  ["country", "Country/Region", "string", "text"],
  ["industry", "Industry", "string", "text"],
  ["lifecyclestage", "Lifecycle Stage", "enumeration", "radio"],
].map(([name = "", label = "", type = "", fieldType = ""]) => [name, label, type, fieldType] as const).map(([name, label, type, fieldType]) => ({ name, label, type, fieldType, groupName: "contactinformation" }));
const BUILT_IN = new Set(BUILT_IN_CONTACT_PROPERTIES.map((p) => p.name));

export function unknownProperties(portal: FakePortal, properties: Record<string, unknown>): string[] {
  return Object.keys(properties).filter((p) => !BUILT_IN.has(p) && !portal.properties.has(p));
}
