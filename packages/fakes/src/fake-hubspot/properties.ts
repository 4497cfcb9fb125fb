import { fakeRoutes } from "./routes";
import { BUILT_IN_CONTACT_PROPERTIES, hubspotError, invalidInput, requireFields } from "./crm-store";
import type { FakeHubSpot } from "./index";

/**
 * /crm/properties/2026-09/contacts and its groups (reference platform-2026 §B3; request
 * schemas `PropertyCreate` and `PropertyGroupCreate` of CRM/Properties/…/2026-09).
 */
const TYPES = new Set(["bool", "date", "datetime", "enumeration", "number", "phone_number", "string"]);
const FIELD_TYPES = new Set([
  "booleancheckbox", "calculation_equation", "checkbox", "date", "file", "html", "number", "phonenumber", "radio", "select", "text", "textarea",
]);

export function registerPropertyRoutes(fake: FakeHubSpot) {
  const base = fakeRoutes.properties;
  const notFound = (res: Parameters<typeof hubspotError>[0], what: string) => hubspotError(res, 404, "OBJECT_NOT_FOUND", `${what} does not exist`);

  fake.app.get(`${base}/groups`, (_req, res) => {
    res.json({ results: [...fake.portalOf(res).propertyGroups.values()] });
  });
  fake.app.get(`${base}/groups/:name`, (req, res) => {
    const group = fake.portalOf(res).propertyGroups.get(req.params.name);
    if (!group) return notFound(res, `Property group ${req.params.name}`);
    res.json(group);
  });
  fake.app.post(`${base}/groups`, (req, res) => {
    if (!requireFields(res, req.body, { name: "string", label: "string" })) return;
    const { name, label, displayOrder } = req.body;
    const groups = fake.portalOf(res).propertyGroups;
    if (groups.has(name)) return hubspotError(res, 409, "OBJECT_ALREADY_EXISTS", `Group ${name} already exists`);
    const group = { name, label, displayOrder: Number(displayOrder ?? -1) };
    groups.set(name, group);
    res.status(201).json(group);
  });

  // HubSpot's own contact properties are listed with the portal's (CRM/Properties/…/2026-09: GET lists them all).
  fake.app.get(base, (_req, res) => {
    const own = fake.portalOf(res).properties;
    res.json({ results: [...BUILT_IN_CONTACT_PROPERTIES.filter((p) => !own.has(p.name)), ...own.values()] });
  });
  fake.app.get(`${base}/:name`, (req, res) => {
    const property = fake.portalOf(res).properties.get(req.params.name) ?? BUILT_IN_CONTACT_PROPERTIES.find((p) => p.name === req.params.name);
    if (!property) return notFound(res, `Property ${req.params.name}`);
    res.json(property);
  });
  fake.app.post(base, (req, res) => {
    const portal = fake.portalOf(res);
    const p = req.body ?? {};
    if (!requireFields(res, p, { name: "string", label: "string", type: "string", fieldType: "string", groupName: "string" })) return;
    if (!TYPES.has(p.type) || !FIELD_TYPES.has(p.fieldType)) {
      return invalidInput(res, `Unknown type ${p.type} or fieldType ${p.fieldType}`, [{ message: "not an allowed value", in: TYPES.has(p.type) ? "fieldType" : "type", code: "INVALID_ENUM" }]);
    }
    if (!portal.propertyGroups.has(p.groupName)) return invalidInput(res, `Group ${p.groupName} does not exist`, [{ message: "group does not exist", in: "groupName" }]);
    if (portal.properties.has(p.name)) return hubspotError(res, 409, "OBJECT_ALREADY_EXISTS", `Property ${p.name} already exists`);
    const property = { ...p, createdAt: new Date().toISOString(), hidden: false, modificationMetadata: { archivable: true } };
    portal.properties.set(p.name, property);
    res.status(201).json(property);
  });
}
