import type { Request, Response } from "express";
import { fakeRoutes } from "./routes";
import type { FakeHubSpot } from "./index";
import {
  checkBatch, contactByEmail, createContact, crmOf, EMAIL, hubspotError, invalidInput, nonStringValues, publicContact,
  requireFields, standardError, unknownProperties, updateContact, type FakeContact,
} from "./crm-store";

/**
 * /crm/objects/2026-09/contacts: batch read/upsert/update/create (≤ 100 inputs) and search
 * (the single read is contacts-read.ts), shaped and validated like HubSpot's 2026-09
 * schemas (reference platform-2026 §B3; CRM/Contacts/…/2026-09/contacts.json): batch read
 * requires `properties` and `propertiesWithHistory`, every input's `properties` are
 * strings, search takes `limit` ≤ 200 and never pages past 10,000 results. Archived
 * (deleted) contacts are not found; an upsert by the email of a deleted contact creates
 * a new one, as HubSpot does.
 */
export function registerContactRoutes(fake: FakeHubSpot) {
  const base = fakeRoutes.contacts;
  const batchAnswer = (results: unknown[], errors: unknown[] = []) => {
    const now = new Date().toISOString();
    return { status: "COMPLETE", results, startedAt: now, completedAt: now, ...(errors.length && { numErrors: errors.length, errors }) };
  };
  const ctx = (res: Response) => ({ portal: fake.portalOf(res), crm: crmOf(fake.portalOf(res)) });
  const wanted = (req: Request) => {
    const p = (req.body?.properties ?? req.query.properties) as string[] | string | undefined;
    return p === undefined ? undefined : Array.isArray(p) ? p : String(p).split(",").filter(Boolean);
  };
  /** Property values HubSpot refuses, each named as a 2026-09 VALIDATION_ERROR detail. */
  const invalid = (res: Response, portal: ReturnType<typeof ctx>["portal"], inputs: { properties?: Record<string, string> }[]) => {
    for (const i of inputs) {
      if (i.properties === null || typeof i.properties !== "object") return invalidInput(res, "Each input needs properties", [{ message: "is required", in: "properties", code: "REQUIRED_FIELD" }]);
      const notText = nonStringValues(i.properties);
      if (notText.length) {
        return invalidInput(res, `Property values must be strings: ${notText.join(", ")}`, notText.map((p) => ({ message: "must be a string", code: "INVALID_TYPE", in: p, context: { propertyName: [p] } })));
      }
      const unknown = unknownProperties(portal, i.properties);
      if (unknown.length) {
        return invalidInput(res, "Property values were not valid", unknown.map((p) => ({ message: `Property "${p}" does not exist`, code: "PROPERTY_DOESNT_EXIST", in: p, context: { propertyName: [p] } })));
      }
      const email = i.properties.email;
      if (email !== undefined && !EMAIL.test(email)) {
        return invalidInput(res, "Property values were not valid", [{ message: `Email address ${email} is invalid`, code: "INVALID_EMAIL", in: "email", context: { propertyName: ["email"] } }]);
      }
    }
    return undefined;
  };

  fake.app.post(`${base}/batch/read`, (req, res) => {
    const { crm } = ctx(res);
    const inputs = req.body?.inputs as { id: string }[];
    if (!checkBatch(res, inputs)) return;
    if (!requireFields(res, req.body, { properties: "array", propertiesWithHistory: "array" })) return;
    if (inputs.some((i) => typeof i?.id !== "string")) return invalidInput(res, "Each input needs an id (string)", [{ message: "is required", in: "id" }]);
    const byEmail = req.body?.idProperty === "email";
    const found: FakeContact[] = [];
    const missing: string[] = [];
    for (const { id } of inputs) {
      const c = byEmail ? contactByEmail(crm, String(id)) : crm.contacts.get(String(id));
      if (c && !c.archived) found.push(c);
      else missing.push(String(id));
    }
    const results = found.map((c) => publicContact(c, wanted(req)));
    if (missing.length === 0) return res.json(batchAnswer(results));
    res.status(207).json(batchAnswer(results, [standardError("OBJECT_NOT_FOUND", "Could not get some CONTACT objects, they may be deleted or not exist.", { ids: missing })]));
  });

  fake.app.post(`${base}/batch/upsert`, (req, res) => {
    const { portal, crm } = ctx(res);
    const inputs = req.body?.inputs as { id: string; idProperty?: string; properties?: Record<string, string> }[];
    if (!checkBatch(res, inputs)) return;
    if (inputs.some((i) => typeof i?.id !== "string")) return invalidInput(res, "Each input needs an id (string)", [{ message: "is required", in: "id" }]);
    if (inputs.some((i) => i.idProperty !== "email")) return invalidInput(res, "idProperty must be a unique property such as email", [{ message: "must be a unique property", in: "idProperty" }]);
    if (invalid(res, portal, inputs)) return;
    const withEmail = inputs.map((i) => ({ ...i, properties: { ...i.properties, email: String(i.id) } }));
    if (invalid(res, portal, withEmail)) return;
    const results = withEmail.map((i) => {
      const existing = contactByEmail(crm, i.id);
      if (existing) updateContact(crm, existing, i.properties);
      const c = existing ?? createContact(crm, i.properties);
      return { ...publicContact(c), new: !existing };
    });
    res.json(batchAnswer(results));
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
    if (missing.length === 0) return res.json(batchAnswer(results));
    res.status(207).json(batchAnswer(results, [standardError("OBJECT_NOT_FOUND", "Some contacts were not found", { ids: missing })]));
  });

  fake.app.post(`${base}/batch/create`, (req, res) => {
    const { portal, crm } = ctx(res);
    const inputs = req.body?.inputs as { properties?: Record<string, string> }[];
    if (!checkBatch(res, inputs) || invalid(res, portal, inputs)) return;
    const clash = inputs.map((i) => i.properties?.email && contactByEmail(crm, i.properties.email)).find(Boolean);
    if (clash) return hubspotError(res, 409, "CONFLICT", `Contact already exists. Existing ID: ${clash.id}`);
    res.status(201).json(batchAnswer(inputs.map((i) => publicContact(createContact(crm, i.properties ?? {})))));
  });

  fake.app.post(`${base}/search`, (req, res) => {
    const { crm } = ctx(res);
    const body = req.body ?? {};
    // Required by the 2026-09 schema and sent by the app; `after` is left optional (the
    // search guide sends it only for the next pages) and `sorts` may hold strings (the
    // schema) or {propertyName, direction} objects (the guide).
    if (!requireFields(res, body, { filterGroups: "array", properties: "array", sorts: "array", limit: "integer" })) return;
    const limit = body.limit as number;
    if (limit < 1 || limit > 200) return invalidInput(res, "limit must be between 1 and 200", [{ message: "must be between 1 and 200", in: "limit" }]);
    const badSort = (body.sorts as unknown[]).find(
      (x) => typeof x !== "string" && !(x && typeof x === "object" && typeof (x as { propertyName?: unknown }).propertyName === "string"),
    );
    if (badSort !== undefined) return invalidInput(res, "Each sort is a property name or {propertyName, direction}", [{ message: "invalid sort", in: "sorts" }]);
    const groups = body.filterGroups as { filters: Filter[] }[];
    if (groups.length > 5 || groups.some((g) => !Array.isArray(g?.filters))) {
      return invalidInput(res, "At most 5 filterGroups, each with a filters array", [{ message: "invalid filterGroups", in: "filterGroups" }]);
    }
    if (body.after !== undefined && (typeof body.after !== "string" || !/^\d+$/.test(body.after))) {
      return invalidInput(res, "after must be the cursor of a previous page", [{ message: "invalid cursor", in: "after" }]);
    }
    // One pass, then the matches sorted by numeric id (portals of 50,000 contacts are tested).
    const hits: { n: number; c: FakeContact }[] = [];
    for (const c of crm.contacts.values()) {
      if (!c.archived && (groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(c, f))))) hits.push({ n: Number(c.id), c });
    }
    const all = hits.sort((a, b) => a.n - b.n).map((h) => h.c);
    const offset = Number(body.after ?? 0);
    // HubSpot's search returns at most 10,000 results; paging past them is refused.
    if (offset + limit > 10_000) return invalidInput(res, "Search results are limited to 10,000: narrow the filter", [{ message: "paging past 10,000 results", in: "after" }]);
    const page = all.slice(offset, offset + limit);
    res.json({
      total: all.length,
      results: page.map((c) => publicContact(c, body.properties.length ? body.properties : ["email", "firstname", "lastname"])),
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
  const raw = f.propertyName === "hs_object_id" ? c.id : c.properties[f.propertyName];
  if (f.operator === "HAS_PROPERTY") return raw != null && raw !== "";
  // Numeric comparisons (ids, numbers); dates compared as given (epoch milliseconds).
  if (["GT", "GTE", "LT", "LTE"].includes(f.operator)) {
    if (raw == null || raw === "") return false;
    const [a, b] = [Number(raw), Number(f.value)];
    return f.operator === "GT" ? a > b : f.operator === "GTE" ? a >= b : f.operator === "LT" ? a < b : a <= b;
  }
  const tokens = (raw ?? "").split(";").map((t) => t.trim().toLowerCase()).filter(Boolean);
  const value = String(f.value ?? "").toLowerCase();
  switch (f.operator) {
    case "NOT_HAS_PROPERTY": return raw == null || raw === "";
    case "EQ": return tokens.includes(value) || (raw ?? "").toLowerCase() === value;
    case "NEQ": return (raw ?? "").toLowerCase() !== value;
    case "IN": return (f.values ?? []).some((v) => tokens.includes(String(v).toLowerCase()));
    case "CONTAINS_TOKEN": return tokens.some((t) => t.includes(value.replace(/\*/g, "")));
    default: return false;
  }
}
