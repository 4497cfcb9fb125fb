import type { NextFunction, Request, Response } from "express";
import type { FakeHubSpot } from "./index";

/**
 * The app-level developer endpoints, authenticated with the developer API key
 * (`?hapikey=`): workflow action definitions (Automation Actions v4, reference §B2)
 * and timeline event templates (reference §B4).
 *   GET|POST /automation/v4/actions/{appId}, GET|PATCH|DELETE …/{definitionId}
 *   GET|POST /integrators/timeline/v3/{appId}/event-templates, GET|PUT|DELETE …/{templateId}
 */

export type Stored = Record<string, unknown> & { id: string };

export interface DeveloperStore {
  /** appId → definition id → definition. */
  definitions: Map<string, Map<string, Stored>>;
  /** appId → template id → template. */
  templates: Map<string, Map<string, Stored>>;
}

const stores = new WeakMap<FakeHubSpot, DeveloperStore>();
export const developerStore = (fake: FakeHubSpot): DeveloperStore => stores.get(fake)!;

/** A timeline event template, whichever app it belongs to. */
export function findTemplate(fake: FakeHubSpot, templateId: string): Stored | undefined {
  for (const templates of developerStore(fake).templates.values()) {
    const t = templates.get(templateId);
    if (t) return t;
  }
  return undefined;
}

/** Puts a template in place with a chosen id, as if an app had created it (tests, sandbox). */
export function putTemplate(fake: FakeHubSpot, appId: string, templateId: string, body: Record<string, unknown>) {
  const store = developerStore(fake).templates;
  if (!store.has(appId)) store.set(appId, new Map());
  store.get(appId)!.set(templateId, { ...body, id: templateId });
}

const DEVELOPER_PATHS = [/^\/automation\/v4\/actions\/\d+(\/\d+)?$/, /^\/integrators\/timeline\/v3\/\d+\/event-templates(\/\d+)?$/];
export const isDeveloperPath = (path: string) => DEVELOPER_PATHS.some((p) => p.test(path));

let nextId = 100_000;

export function registerActionRoutes(fake: FakeHubSpot) {
  const store: DeveloperStore = { definitions: new Map(), templates: new Map() };
  stores.set(fake, store);
  const of = (map: Map<string, Map<string, Stored>>, appId: string) => {
    if (!map.has(appId)) map.set(appId, new Map());
    return map.get(appId)!;
  };
  const hapikey = (req: Request, res: Response, next: NextFunction) => {
    if (req.query.hapikey === fake.developerApiKey) return next();
    res.status(401).json({ status: "error", message: "The API key provided is invalid.", category: "INVALID_AUTHENTICATION" });
  };
  const bad = (res: Response, message: string) => res.status(400).json({ status: "error", message, category: "VALIDATION_ERROR" });
  const missing = (res: Response, what: string) => res.status(404).json({ status: "error", message: `${what} not found`, category: "OBJECT_NOT_FOUND" });

  const defs = "/automation/v4/actions/:appId";
  fake.app.get(defs, hapikey, (req, res) => {
    res.json({ results: [...of(store.definitions, String(req.params.appId)).values()] });
  });
  fake.app.post(defs, hapikey, (req, res) => {
    const problem = definitionProblem(req.body);
    if (problem) return bad(res, problem);
    const id = String(nextId++);
    const def: Stored = { published: false, ...req.body, id, revisionId: "1" };
    of(store.definitions, String(req.params.appId)).set(id, def);
    res.status(201).json(def);
  });
  fake.app.get(`${defs}/:id`, hapikey, (req, res) => {
    const def = of(store.definitions, String(req.params.appId)).get(String(req.params.id));
    return def ? res.json(def) : missing(res, "Action definition");
  });
  fake.app.patch(`${defs}/:id`, hapikey, (req, res) => {
    const all = of(store.definitions, String(req.params.appId));
    const def = all.get(String(req.params.id));
    if (!def) return missing(res, "Action definition");
    const next: Stored = { ...def, ...req.body, id: def.id, revisionId: String(Number(def.revisionId) + 1) };
    const problem = definitionProblem(next);
    if (problem) return bad(res, problem);
    all.set(def.id, next);
    res.json(next);
  });
  fake.app.delete(`${defs}/:id`, hapikey, (req, res) => {
    const gone = of(store.definitions, String(req.params.appId)).delete(String(req.params.id));
    return gone ? res.status(204).end() : missing(res, "Action definition");
  });

  const tpls = "/integrators/timeline/v3/:appId/event-templates";
  fake.app.get(tpls, hapikey, (req, res) => {
    res.json({ results: [...of(store.templates, String(req.params.appId)).values()] });
  });
  fake.app.post(tpls, hapikey, (req, res) => {
    const problem = templateProblem(req.body);
    if (problem) return bad(res, problem);
    const id = String(nextId++);
    const template: Stored = { ...req.body, id };
    of(store.templates, String(req.params.appId)).set(id, template);
    res.status(201).json(template);
  });
  fake.app.get(`${tpls}/:id`, hapikey, (req, res) => {
    const template = of(store.templates, String(req.params.appId)).get(String(req.params.id));
    return template ? res.json(template) : missing(res, "Event template");
  });
  fake.app.put(`${tpls}/:id`, hapikey, (req, res) => {
    const all = of(store.templates, String(req.params.appId));
    const id = String(req.params.id);
    if (!all.has(id)) return missing(res, "Event template");
    const problem = templateProblem(req.body);
    if (problem) return bad(res, problem);
    all.set(id, { ...req.body, id });
    res.json(all.get(id));
  });
  fake.app.delete(`${tpls}/:id`, hapikey, (req, res) => {
    const gone = of(store.templates, String(req.params.appId)).delete(String(req.params.id));
    return gone ? res.status(204).end() : missing(res, "Event template");
  });
}

/** What HubSpot requires of a definition (PublicActionDefinitionEgg): the fake refuses the rest. */
function definitionProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body || typeof body.actionUrl !== "string" || !/^https?:\/\//.test(body.actionUrl)) return "actionUrl is required";
  if (!Array.isArray(body.objectTypes) || body.objectTypes.length === 0) return "objectTypes is required";
  if (!Array.isArray(body.inputFields)) return "inputFields is required";
  for (const f of body.inputFields as { typeDefinition?: { name?: unknown; type?: unknown }; supportedValueTypes?: unknown }[]) {
    if (typeof f?.typeDefinition?.name !== "string" || typeof f.typeDefinition.type !== "string") {
      return "each input field needs typeDefinition.name and typeDefinition.type";
    }
    if (!Array.isArray(f.supportedValueTypes) || f.supportedValueTypes.length === 0) return "supportedValueTypes is required";
  }
  const labels = body.labels as { en?: { actionName?: unknown; executionRules?: Record<string, unknown> } } | undefined;
  if (typeof labels?.en?.actionName !== "string") return "labels.en.actionName is required";
  for (const rule of (body.executionRules as { labelName?: string }[] | undefined) ?? []) {
    if (!rule.labelName || typeof labels.en.executionRules?.[rule.labelName] !== "string") {
      return `execution rule ${rule.labelName} has no label in labels.en.executionRules`;
    }
  }
  return undefined;
}

const TOKEN_TYPES = ["string", "number", "date", "enumeration"];

function templateProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body || typeof body.name !== "string" || !body.name) return "name is required";
  if (!["contacts", "companies", "deals", "tickets"].includes(String(body.objectType))) return "objectType must be a CRM object type";
  for (const t of (body.tokens as { name?: unknown; label?: unknown; type?: unknown }[] | undefined) ?? []) {
    if (typeof t?.name !== "string" || !/^[a-z0-9_]+$/.test(t.name)) return "token names are lower-case letters, digits and _";
    if (typeof t.label !== "string" || !TOKEN_TYPES.includes(String(t.type))) return `token ${t.name} needs a label and a type`;
  }
  return undefined;
}
