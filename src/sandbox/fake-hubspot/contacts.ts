import type { Request, Response } from "express";
import type { FakeHubSpot } from "./index";
import {
  checkBatch, contactByEmail, createContact, crmOf, EMAIL, hubspotError, liveContacts, publicContact, unknownProperties, updateContact,
  type FakeContact,
} from "./crm-store";

/**
 * /crm/v3/objects/contacts: batch read/upsert/update/create (≤ 100 inputs) and search
 * (the single read is contacts-read.ts), shaped like HubSpot's (reference §B4). Archived (deleted) contacts are not
 * found; an upsert by the email of a deleted contact creates a new one, as HubSpot does.
 */
export function registerContactRoutes(fake: FakeHubSpot) {
  const base = "/crm/v3/objects/contacts";
  const ctx = (res: Response) => ({ portal: fake.portalOf(res), crm: crmOf(fake.portalOf(res)) });
  const wanted = (req: Request) => {
    const p = (req.body?.properties ?? req.query.properties) as string[] | string | undefined;
    return p === undefined ? undefined : Array.isArray(p) ? p : String(p).split(",").filter(Boolean);
  };
  const invalid = (res: Response, portal: ReturnType<typeof ctx>["portal"], inputs: { properties?: Record<string, string> }[]) => {
    for (const i of inputs) {
      const unknown = unknownProperties(portal, i.properties ?? {});
      if (unknown.length) return hubspotError(res, 400, "VALIDATION_ERROR", `Property values were not valid: ${unknown.join(", ")} does not exist`);
      const email = i.properties?.email;
      if (email !== undefined && !EMAIL.test(email)) return hubspotError(res, 400, "VALIDATION_ERROR", `Property values were not valid: INVALID_EMAIL ${email}`);
    }
    return undefined;
  };

  fake.app.post(`${base}/batch/read`, (req, res) => {
    const { crm } = ctx(res);
    const inputs = req.body?.inputs as { id: string }[];
    if (!checkBatch(res, inputs)) return;
    const byEmail = req.body?.idProperty === "email";
    const found: FakeContact[] = [];
    const missing: string[] = [];
    for (const { id } of inputs) {
      const c = byEmail ? contactByEmail(crm, String(id)) : crm.contacts.get(String(id));
      if (c && !c.archived) found.push(c);
      else missing.push(String(id));
    }
    const results = found.map((c) => publicContact(c, wanted(req)));
    if (missing.length === 0) return res.json({ status: "COMPLETE", results });
    res.status(207).json({
      status: "COMPLETE",
      results,
      numErrors: 1,
      errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: "Could not get some CONTACT objects, they may be deleted or not exist.", context: { ids: missing } }],
    });
  });

  fake.app.post(`${base}/batch/upsert`, (req, res) => {
    const { portal, crm } = ctx(res);
    const inputs = req.body?.inputs as { id: string; idProperty?: string; properties?: Record<string, string> }[];
    if (!checkBatch(res, inputs)) return;
    if (inputs.some((i) => i.idProperty !== "email")) return hubspotError(res, 400, "VALIDATION_ERROR", "idProperty must be a unique property such as email");
    const withEmail = inputs.map((i) => ({ ...i, properties: { ...i.properties, email: String(i.id) } }));
    if (invalid(res, portal, withEmail)) return;
    const results = withEmail.map((i) => {
      const existing = contactByEmail(crm, i.id);
      if (existing) updateContact(crm, existing, i.properties);
      const c = existing ?? createContact(crm, i.properties);
      return { ...publicContact(c), new: !existing };
    });
    res.json({ status: "COMPLETE", results });
  });

  fake.app.post(`${base}/batch/update`, (req, res) => {
    const { portal, crm } = ctx(res);
    const inputs = req.body?.inputs as { id: string; idProperty?: string; properties?: Record<string, string> }[];
    if (!checkBatch(res, inputs) || invalid(res, portal, inputs)) return;
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const i of inputs) {
      const c = i.idProperty === "email" ? contactByEmail(crm, i.id) : crm.contacts.get(String(i.id));
      if (!c || c.archived) missing.push(String(i.id));
      else {
        updateContact(crm, c, i.properties ?? {});
        results.push(publicContact(c));
      }
    }
    if (missing.length === 0) return res.json({ status: "COMPLETE", results });
    res.status(207).json({ status: "COMPLETE", results, numErrors: 1, errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: "Some contacts were not found", context: { ids: missing } }] });
  });

  fake.app.post(`${base}/batch/create`, (req, res) => {
    const { portal, crm } = ctx(res);
    const inputs = req.body?.inputs as { properties?: Record<string, string> }[];
    if (!checkBatch(res, inputs) || invalid(res, portal, inputs)) return;
    const clash = inputs.map((i) => i.properties?.email && contactByEmail(crm, i.properties.email)).find(Boolean);
    if (clash) return hubspotError(res, 409, "CONFLICT", `Contact already exists. Existing ID: ${clash.id}`);
    res.status(201).json({ status: "COMPLETE", results: inputs.map((i) => publicContact(createContact(crm, i.properties ?? {}))) });
  });

  fake.app.post(`${base}/search`, (req, res) => {
    const { crm } = ctx(res);
    const body = req.body ?? {};
    const limit = Number(body.limit ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return hubspotError(res, 400, "VALIDATION_ERROR", "limit must be between 1 and 200");
    const groups = (body.filterGroups ?? []) as { filters: Filter[] }[];
    const all = liveContacts(crm)
      .filter((c) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(c, f))))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const offset = Number(body.after ?? 0);
    // HubSpot's search returns at most 10,000 results; paging past them is refused.
    if (offset + limit > 10_000) return hubspotError(res, 400, "VALIDATION_ERROR", "Search results are limited to 10,000: narrow the filter");
    const page = all.slice(offset, offset + limit);
    res.json({
      total: all.length,
      results: page.map((c) => publicContact(c, body.properties ?? ["email", "firstname", "lastname"])),
      ...(offset + limit < all.length && { paging: { next: { after: String(offset + limit) } } }),
    });
  });
}

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}

/** Multi-value properties (hs_additional_emails) are semicolon-separated. */
function matches(c: FakeContact, f: Filter): boolean {
  const raw = c.properties[f.propertyName];
  const tokens = (raw ?? "").split(";").map((t) => t.trim().toLowerCase()).filter(Boolean);
  const value = String(f.value ?? "").toLowerCase();
  switch (f.operator) {
    case "HAS_PROPERTY": return raw != null && raw !== "";
    case "NOT_HAS_PROPERTY": return raw == null || raw === "";
    case "EQ": return tokens.includes(value) || (raw ?? "").toLowerCase() === value;
    case "NEQ": return (raw ?? "").toLowerCase() !== value;
    case "IN": return (f.values ?? []).some((v) => tokens.includes(String(v).toLowerCase()));
    case "CONTAINS_TOKEN": return tokens.some((t) => t.includes(value.replace(/\*/g, "")));
    default: return false;
  }
}
