import type { Request, Response } from "express";
import type { FakeHubSpot } from "./index";
import { checkBatch, contactByEmail, createContact, crmOf, EMAIL, eventKey, hubspotError, type FakeCrm } from "./crm-store";

/**
 * /marketing/v3/marketing-events (reference §B4): create, upsert, read, and attendance
 * by email (`register`, `attend` with `joinedAt`/`leftAt`, `cancel`) which creates the
 * contacts it does not find. One attendance record per contact and state: a resend
 * updates it.
 */
const REQUIRED = ["externalAccountId", "externalEventId", "eventName", "eventOrganizer"];
const STATES = new Set(["register", "attend", "cancel"]);

export function registerMarketingEventRoutes(fake: FakeHubSpot) {
  const base = "/marketing/v3/marketing-events";
  const crm = (res: Response) => crmOf(fake.portalOf(res));

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
    return { ...event.properties, objectId: event.objectId, id: event.objectId };
  };
  const missing = (input: Record<string, unknown>) => [
    ...REQUIRED.filter((k) => typeof input[k] !== "string" || input[k] === ""),
    // Required too (reference §B4), even when empty.
    ...(Array.isArray(input.customProperties) ? [] : ["customProperties"]),
  ];

  fake.app.post(`${base}/events`, (req, res) => {
    const input = (req.body ?? {}) as Record<string, unknown>;
    if (missing(input).length) return hubspotError(res, 400, "VALIDATION_ERROR", `Missing ${missing(input).join(", ")}`);
    if (crm(res).events.has(eventKey(String(input.externalAccountId), String(input.externalEventId)))) {
      return hubspotError(res, 409, "CONFLICT", "A marketing event with this external id already exists");
    }
    res.json(save(crm(res), input));
  });

  fake.app.post(`${base}/events/upsert`, (req, res) => {
    const inputs = req.body?.inputs as Record<string, unknown>[];
    if (!checkBatch(res, inputs)) return;
    const bad = inputs.map(missing).find((m) => m.length);
    if (bad) return hubspotError(res, 400, "VALIDATION_ERROR", `Missing ${bad.join(", ")}`);
    res.json({ status: "COMPLETE", results: inputs.map((i) => save(crm(res), i)) });
  });

  fake.app.get(`${base}/events/:externalEventId`, (req, res) => {
    const event = crm(res).events.get(eventKey(String(req.query.externalAccountId ?? ""), req.params.externalEventId));
    if (!event) return hubspotError(res, 404, "OBJECT_NOT_FOUND", "Marketing event not found");
    res.json({ ...event.properties, objectId: event.objectId, id: event.objectId });
  });

  fake.app.post(`${base}/attendance/:externalEventId/:state/email-create`, (req: Request, res: Response) => {
    const store = crm(res);
    const { externalEventId, state } = req.params as { externalEventId: string; state: string };
    if (!STATES.has(state)) return hubspotError(res, 400, "VALIDATION_ERROR", `Unknown subscriberState ${state}`);
    const key = eventKey(String(req.query.externalAccountId ?? ""), externalEventId);
    if (!store.events.has(key)) return hubspotError(res, 404, "OBJECT_NOT_FOUND", "Marketing event not found for this externalAccountId/externalEventId");
    const inputs = req.body?.inputs as { email: string; interactionDateTime?: number; properties?: Record<string, string>; contactProperties?: Record<string, string> }[];
    if (!checkBatch(res, inputs)) return;
    for (const i of inputs) {
      if (!EMAIL.test(String(i.email))) return hubspotError(res, 400, "VALIDATION_ERROR", `Invalid email ${i.email}`);
      const extra = Object.keys(i.properties ?? {}).filter((p) => state !== "attend" || !["joinedAt", "leftAt"].includes(p));
      if (extra.length) return hubspotError(res, 400, "VALIDATION_ERROR", `Properties not allowed for ${state}: ${extra.join(", ")}`);
    }
    if (!store.attendance.has(key)) store.attendance.set(key, new Map());
    const records = store.attendance.get(key)!;
    const results = inputs.map((i) => {
      const contact = contactByEmail(store, i.email) ?? createContact(store, { email: i.email, ...i.contactProperties });
      records.set(`${contact.id}:${state}`, {
        contactId: contact.id,
        email: contact.properties.email ?? i.email,
        state: state as "register" | "attend" | "cancel",
        interactionDateTime: Number(i.interactionDateTime ?? Date.now()),
        properties: { ...i.properties },
      });
      return { vid: Number(contact.id), email: contact.properties.email };
    });
    res.json({ status: "COMPLETE", results });
  });
}
