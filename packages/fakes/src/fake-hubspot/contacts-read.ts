import { fakeRoutes } from "./routes";
import { hubspotError } from "./crm-store";
import type { FakeContact, FakeHubSpot } from "./index";

/**
 * GET /crm/objects/2026-09/contacts/{contactId}?properties=a,b[&idProperty=email]
 * (reference platform-2026 §B3): the requested properties (null when empty) plus HubSpot's defaults.
 */
export function registerContactReadRoutes(fake: FakeHubSpot) {
  fake.app.get(`${fakeRoutes.contacts}/:contactId`, (req, res) => {
    const portal = fake.portalOf(res);
    const idProperty = typeof req.query.idProperty === "string" ? req.query.idProperty : "hs_object_id";
    const wanted = req.params.contactId;
    const contact =
      idProperty === "hs_object_id"
        ? portal.contacts.get(wanted)
        : [...portal.contacts.values()].find(
            (c) => (c.properties[idProperty] ?? "").toLowerCase() === wanted.toLowerCase(),
          );
    if (!contact || contact.archived) {
      return hubspotError(res, 404, "OBJECT_NOT_FOUND", "resource not found");
    }
    const requested = String(req.query.properties ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const names = ["hs_object_id", "createdate", "lastmodifieddate", ...requested];
    const defaults: Record<string, string> = {
      hs_object_id: contact.id,
      createdate: contact.createdAt,
      lastmodifieddate: contact.updatedAt,
    };
    res.json({
      id: contact.id,
      properties: Object.fromEntries(names.map((n) => [n, contact.properties[n] ?? defaults[n] ?? null])),
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
      archived: false,
    });
  });
}

/** Test and sandbox helper: a contact in the fake portal, its properties as given. */
export function addFakeContact(fake: FakeHubSpot, hubId: number, properties: Record<string, string | null>): FakeContact {
  const now = new Date().toISOString();
  const contact: FakeContact = { id: String(fake.state.nextHelperContactId++), properties, createdAt: now, updatedAt: now, archived: false };
  fake.portal(hubId).contacts.set(contact.id, contact);
  return contact;
}
