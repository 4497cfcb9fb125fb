import type { Request, Response } from "express";
import { fakeRoutes } from "./routes";
import type { FakeHubSpot } from "./index";
import {
  checkBatch, contactByEmail, createContact, crmOf, EMAIL, eventKey, hubspotError, invalidInput, missingFields, nonStringValues, type FakeCrm,
} from "./crm-store";

/**
 * /marketing/marketing-events/2026-09 (reference platform-2026 §B5; request schemas of
 * Marketing/Marketing Events/…/2026-09/marketingEvents.json): create, upsert, read,
 * complete and cancel, and attendance by email (`register`, `attend` with
 * `joinedAt`/`leftAt`, `cancel`) which creates the contacts it does not find, with their
 * `contactProperties` (used only on create), and the participations breakdown.
 *
 * Every input of an email-create adds a participation entry, also for a contact and
 * state already recorded: the docs promise no idempotency ("Records the participation …
 * Adds a timeline event to the contacts", spec Marketing/Marketing Events/…/2026-03/
 * marketingEvents.json; the 2026-09 file has no descriptions) and a resend was seen to
 * double an attendance entry. Not confirmed (README "Known unknowns"): whether HubSpot
 * keeps one participation per contact or one per email-create; the fake keeps every one,
 * the case the app must not create.
 */
const REQUIRED = { externalAccountId: "string", externalEventId: "string", eventName: "string", eventOrganizer: "string", customProperties: "array" } as const;
const STATES = new Set(["register", "attend", "cancel"]);
/** ISO-8601 date-time, as `format: date-time` of the schema. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function registerMarketingEventRoutes(fake: FakeHubSpot) {
  const base = fakeRoutes.marketingEvents;
  const crm = (res: Response) => crmOf(fake.portalOf(res));
  const publicEvent = (event: { objectId: string; properties: Record<string, unknown> }) => ({ ...event.properties, objectId: event.objectId, id: event.objectId });

  const save = (store: FakeCrm, input: Record<string, unknown>) => {
    const key = eventKey(String(input.externalAccountId), String(input.externalEventId));
    const existing = store.events.get(key);
    const event = {
      objectId: existing?.objectId ?? String(900000 + store.events.size),
      externalAccountId: String(input.externalAccountId),
      externalEventId: String(input.externalEventId),
      properties: { ...existing?.properties, ...input },
    };
    store.events.set(key, event);
    return publicEvent(event);
  };
  /** What the event schema refuses: missing required fields, dates that are not ISO-8601. */
  const problems = (input: Record<string, unknown>) => [
    ...missingFields(input, REQUIRED),
    ...(["externalAccountId", "externalEventId", "eventName", "eventOrganizer"] as const).filter((k) => input[k] === "").map((k) => `${k} (empty)`),
    ...(["startDateTime", "endDateTime"] as const).filter((k) => input[k] !== undefined && !DATE_TIME.test(String(input[k]))).map((k) => `${k} (date-time)`),
  ];
  const refuse = (res: Response, found: string[]) =>
    invalidInput(res, `Invalid input JSON: ${found.join(", ")}`, found.map((m) => ({ message: `${m} is missing or invalid`, in: m.split(" ")[0], code: "INVALID_INPUT" })));
  /** The event of a `…/events/{externalEventId}/…?externalAccountId=` call (required query parameter). */
  const eventOf = (req: Request, res: Response) => {
    const accountId = req.query.externalAccountId;
    if (typeof accountId !== "string" || accountId === "") {
      refuse(res, ["externalAccountId (query)"]);
      return undefined;
    }
    const event = crm(res).events.get(eventKey(accountId, String(req.params.externalEventId)));
    if (!event) hubspotError(res, 404, "OBJECT_NOT_FOUND", "Marketing event not found for this externalAccountId/externalEventId");
    return event;
  };

  fake.app.post(`${base}/events`, (req, res) => {
    const input = (req.body ?? {}) as Record<string, unknown>;
    const found = problems(input);
    if (found.length) return refuse(res, found);
    if (crm(res).events.has(eventKey(String(input.externalAccountId), String(input.externalEventId)))) {
      return hubspotError(res, 409, "CONFLICT", "A marketing event with this external id already exists");
    }
    res.json(save(crm(res), input));
  });

  fake.app.post(`${base}/events/upsert`, (req, res) => {
    const inputs = req.body?.inputs as Record<string, unknown>[];
    if (!checkBatch(res, inputs)) return;
    const bad = inputs.map(problems).find((m) => m.length);
    if (bad) return refuse(res, bad);
    const now = new Date().toISOString();
    res.json({ status: "COMPLETE", results: inputs.map((i) => save(crm(res), i)), startedAt: now, completedAt: now });
  });

  fake.app.get(`${base}/events/:externalEventId`, (req, res) => {
    const event = eventOf(req, res);
    if (event) res.json(publicEvent(event));
  });

  // Marks the event completed with its actual start and end (both required).
  fake.app.post(`${base}/events/:externalEventId/complete`, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const found = (["startDateTime", "endDateTime"] as const).filter((k) => typeof body[k] !== "string" || !DATE_TIME.test(body[k]));
    if (found.length) return refuse(res, found.map((k) => `${k} (date-time)`));
    const event = eventOf(req, res);
    if (!event) return;
    Object.assign(event.properties, { eventCompleted: true, startDateTime: body.startDateTime, endDateTime: body.endDateTime });
    res.json(publicEvent(event));
  });

  fake.app.post(`${base}/events/:externalEventId/cancel`, (req, res) => {
    const event = eventOf(req, res);
    if (!event) return;
    Object.assign(event.properties, { eventCancelled: true });
    res.json(publicEvent(event));
  });

  fake.app.post(`${base}/attendance/:externalEventId/:state/email-create`, (req: Request, res: Response) => {
    const store = crm(res);
    const { externalEventId, state } = req.params as { externalEventId: string; state: string };
    if (!STATES.has(state)) return invalidInput(res, `Unknown subscriberState ${state}`, [{ message: "must be register, attend or cancel", in: "subscriberState" }]);
    const key = eventKey(String(req.query.externalAccountId ?? ""), externalEventId);
    if (!store.events.has(key)) return hubspotError(res, 404, "OBJECT_NOT_FOUND", "Marketing event not found for this externalAccountId/externalEventId");
    const inputs = req.body?.inputs as { email: string; interactionDateTime: number; properties: Record<string, string>; contactProperties: Record<string, string> }[];
    if (!checkBatch(res, inputs)) return;
    for (const i of inputs) {
      // `MarketingEventEmailSubscriber`: all four required.
      const missing = missingFields(i, { email: "string", interactionDateTime: "integer", properties: "object", contactProperties: "object" });
      if (missing.length) return refuse(res, missing);
      if (!EMAIL.test(i.email)) return invalidInput(res, `Invalid email ${i.email}`, [{ message: "invalid email", in: "email", code: "INVALID_EMAIL" }]);
      const notText = [...nonStringValues(i.properties), ...nonStringValues(i.contactProperties)];
      if (notText.length) return refuse(res, notText.map((p) => `${p} (string)`));
      const extra = Object.keys(i.properties).filter((p) => state !== "attend" || !["joinedAt", "leftAt"].includes(p));
      if (extra.length) return invalidInput(res, `Properties not allowed for ${state}: ${extra.join(", ")}`, extra.map((p) => ({ message: "not allowed", in: p })));
    }
    const records = store.attendance.get(key) ?? new Map();
    store.attendance.set(key, records);
    const results = inputs.map((i) => {
      const contact = contactByEmail(store, i.email) ?? createContact(store, { ...i.contactProperties, email: i.email });
      const record = {
        contactId: contact.id,
        email: contact.properties.email ?? i.email,
        state: state as "register" | "attend" | "cancel",
        interactionDateTime: i.interactionDateTime,
        properties: { ...i.properties },
      };
      records.set(`${contact.id}:${state}`, record);
      const entries = store.participations.get(key) ?? [];
      store.participations.set(key, entries);
      entries.push({ ...record, id: String(entries.length + 1), createdAt: new Date().toISOString() });
      return { vid: Number(contact.id), email: contact.properties.email };
    });
    const now = new Date().toISOString();
    res.json({ status: "COMPLETE", results, startedAt: now, completedAt: now });
  });

  // GET /participations/{externalAccountId}/{externalEventId}/breakdown?state&contactIdentifier&limit(≤100)&after
  // (`CollectionResponseWithTotalParticipationBreakdown`): the event's participation entries.
  const STATE_NAMES: Record<string, string> = { register: "REGISTERED", attend: "ATTENDED", cancel: "CANCELLED" };
  fake.app.get(`${base}/participations/:externalAccountId/:externalEventId/breakdown`, (req, res) => {
    const store = crm(res);
    const key = eventKey(String(req.params.externalAccountId), String(req.params.externalEventId));
    const event = store.events.get(key);
    if (!event) return hubspotError(res, 404, "OBJECT_NOT_FOUND", "Marketing event not found for this externalAccountId/externalEventId");
    const limit = req.query.limit === undefined ? 10 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalidInput(res, "limit must be between 1 and 100", [{ message: "at most 100", in: "limit" }]);
    const after = req.query.after === undefined ? 0 : Number(req.query.after);
    if (!Number.isInteger(after) || after < 0) return invalidInput(res, "after must be a cursor of a previous page", [{ message: "invalid cursor", in: "after" }]);
    const who = typeof req.query.contactIdentifier === "string" ? req.query.contactIdentifier.toLowerCase() : undefined;
    const all = (store.participations.get(key) ?? []).filter(
      (p) => (!req.query.state || STATE_NAMES[p.state] === req.query.state) && (!who || who === p.email.toLowerCase() || who === p.contactId),
    );
    const page = all.slice(after, after + limit);
    res.json({
      total: all.length,
      results: page.map((p) => ({
        id: `${event.objectId}-${p.id}`,
        createdAt: p.createdAt,
        associations: {
          contact: { contactId: p.contactId, email: p.email },
          marketingEvent: { marketingEventId: event.objectId, name: String(event.properties.eventName ?? ""), externalAccountId: event.externalAccountId, externalEventId: event.externalEventId },
        },
        properties: { attendanceState: STATE_NAMES[p.state], occurredAt: p.interactionDateTime },
      })),
      ...(after + limit < all.length && { paging: { next: { after: String(after + limit) } } }),
    });
  });
}
