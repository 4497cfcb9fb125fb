import type { FakeHubSpot } from "./index";

/** /crm/v3/properties/contacts and its groups (reference §B4). */
export function registerPropertyRoutes(fake: FakeHubSpot) {
  const base = "/crm/v3/properties/contacts";
  const notFound = (what: string) => ({
    status: "error",
    message: `${what} does not exist`,
    category: "OBJECT_NOT_FOUND",
  });

  fake.app.get(`${base}/groups`, (_req, res) => {
    res.json({ results: [...fake.portalOf(res).propertyGroups.values()] });
  });
  fake.app.get(`${base}/groups/:name`, (req, res) => {
    const group = fake.portalOf(res).propertyGroups.get(req.params.name);
    if (!group) return res.status(404).json(notFound(`Property group ${req.params.name}`));
    res.json(group);
  });
  fake.app.post(`${base}/groups`, (req, res) => {
    const { name, label, displayOrder } = req.body ?? {};
    if (typeof name !== "string" || typeof label !== "string") {
      return res.status(400).json({ status: "error", message: "name and label are required", category: "VALIDATION_ERROR" });
    }
    const groups = fake.portalOf(res).propertyGroups;
    if (groups.has(name)) {
      return res.status(409).json({ status: "error", message: `Group ${name} already exists`, category: "OBJECT_ALREADY_EXISTS" });
    }
    const group = { name, label, displayOrder: Number(displayOrder ?? -1) };
    groups.set(name, group);
    res.status(201).json(group);
  });

  fake.app.get(base, (_req, res) => {
    res.json({ results: [...fake.portalOf(res).properties.values()] });
  });
  fake.app.get(`${base}/:name`, (req, res) => {
    const property = fake.portalOf(res).properties.get(req.params.name);
    if (!property) return res.status(404).json(notFound(`Property ${req.params.name}`));
    res.json(property);
  });
  fake.app.post(base, (req, res) => {
    const portal = fake.portalOf(res);
    const p = req.body ?? {};
    const missing = ["name", "label", "type", "fieldType", "groupName"].filter((k) => typeof p[k] !== "string");
    if (missing.length) {
      return res.status(400).json({ status: "error", message: `Missing ${missing.join(", ")}`, category: "VALIDATION_ERROR" });
    }
    if (!portal.propertyGroups.has(p.groupName)) {
      return res.status(400).json({ status: "error", message: `Group ${p.groupName} does not exist`, category: "VALIDATION_ERROR" });
    }
    if (portal.properties.has(p.name)) {
      return res.status(409).json({ status: "error", message: `Property ${p.name} already exists`, category: "OBJECT_ALREADY_EXISTS" });
    }
    const property = { ...p, createdAt: new Date().toISOString(), hidden: false, modificationMetadata: { archivable: true } };
    portal.properties.set(p.name, property);
    res.status(201).json(property);
  });
}
