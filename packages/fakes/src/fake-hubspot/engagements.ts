import { fakeRoutes } from "./routes";
import type { FakeHubSpot } from "./index";
import { checkBatch, crmOf, hubspotError, invalidInput, nonStringValues, requireFields, type FakeCall, type FakeCrm } from "./crm-store";

/**
 * Calls (/crm/objects/2026-09/calls, single and batch create, with contact associations:
 * `properties` and `associations` required, schema `SimplePublicObjectInputForCreate`),
 * transcripts (/crm/extensions/calling/2026-09/transcripts, `TranscriptCreateRequest`:
 * `engagementId` an integer, utterances with speaker {id, name}, text and integer times) shaped per
 * reference platform-2026 §B6.
 */
export function registerEngagementRoutes(fake: FakeHubSpot) {
  const crm = (res: Parameters<FakeHubSpot["portalOf"]>[0]) => crmOf(fake.portalOf(res));

  type CallInput = { properties?: Record<string, string>; associations?: { to: { id: string }; types?: unknown[] }[] };
  const createCall = (store: FakeCrm, input: CallInput) => {
    const id = String(700000 + store.calls.size);
    const contactIds = (input.associations ?? []).map((a) => String(a.to?.id));
    store.calls.set(id, { id, properties: { ...input.properties }, contactIds });
    return { id, properties: { ...input.properties, hs_object_id: id }, createdAt: new Date().toISOString(), archived: false };
  };
  const invalidCall = (store: FakeCrm, input: CallInput) => {
    if (!input.properties || typeof input.properties !== "object" || !Array.isArray(input.associations)) return "properties and associations are required";
    if (nonStringValues(input.properties).length) return `Property values must be strings: ${nonStringValues(input.properties).join(", ")}`;
    if (!input.properties.hs_timestamp) return "hs_timestamp is required";
    const badSpec = input.associations.find(
      (a) => typeof a?.to?.id !== "string" || !Array.isArray(a.types) ||
        a.types.some((t) => !Number.isInteger((t as { associationTypeId?: unknown }).associationTypeId) || typeof (t as { associationCategory?: unknown }).associationCategory !== "string"),
    );
    if (badSpec) return "Each association needs to.id and types [{associationCategory, associationTypeId (integer)}]";
    const unknown = input.associations.map((a) => String(a.to?.id)).find((id) => !store.contacts.get(id) || store.contacts.get(id)?.archived);
    return unknown ? `Association target contact ${unknown} does not exist` : undefined;
  };

  fake.app.post(fakeRoutes.calls, (req, res) => {
    const problem = invalidCall(crm(res), req.body ?? {});
    if (problem) return invalidInput(res, problem, [{ message: problem }]);
    res.status(201).json(createCall(crm(res), req.body));
  });

  fake.app.post(`${fakeRoutes.calls}/batch/create`, (req, res) => {
    const inputs = req.body?.inputs as CallInput[];
    if (!checkBatch(res, inputs)) return;
    const problem = inputs.map((i) => invalidCall(crm(res), i)).find(Boolean);
    if (problem) return invalidInput(res, problem, [{ message: problem }]);
    const now = new Date().toISOString();
    res.status(201).json({ status: "COMPLETE", results: inputs.map((i) => createCall(crm(res), i)), startedAt: now, completedAt: now });
  });

  fake.app.post(fakeRoutes.transcripts, (req, res) => {
    const { engagementId, transcriptCreateUtterances } = req.body ?? {};
    if (typeof engagementId !== "number" || !Number.isInteger(engagementId)) {
      return invalidInput(res, "engagementId must be an integer", [{ message: "must be an integer (int64)", in: "engagementId", code: "INVALID_TYPE" }]);
    }
    if (!Array.isArray(transcriptCreateUtterances)) {
      return invalidInput(res, "transcriptCreateUtterances must be an array", [{ message: "is required", in: "transcriptCreateUtterances" }]);
    }
    const bad = transcriptCreateUtterances.find(
      (u: Record<string, unknown>) =>
        typeof u?.text !== "string" || !Number.isInteger(u.startTimeMillis) || !Number.isInteger(u.endTimeMillis) ||
        typeof (u.speaker as Record<string, unknown> | undefined)?.id !== "string" || typeof (u.speaker as Record<string, unknown> | undefined)?.name !== "string",
    );
    if (bad) return invalidInput(res, "Each utterance needs speaker {id, name}, text and integer startTimeMillis and endTimeMillis", [{ message: "invalid utterance", in: "transcriptCreateUtterances" }]);
    if (!crm(res).calls.has(String(engagementId))) return hubspotError(res, 404, "OBJECT_NOT_FOUND", `No call ${engagementId}`);
    // Not confirmed (README "Known unknowns"): whether HubSpot refuses a second transcript
    // for a call. The fake accepts it and keeps both, the case the app must avoid.
    const store = crm(res);
    const id = `${engagementId}${String(store.transcriptRecords.length + 1).padStart(3, "0")}`;
    store.transcripts.set(String(engagementId), transcriptCreateUtterances);
    store.transcriptRecords.push({ id, engagementId: String(engagementId), utterances: transcriptCreateUtterances });
    res.status(201).json({ id });
  });

  // Search on calls (spec CRM/Calls/Rollouts/424/2026-09/calls.json `PublicObjectSearchRequest`):
  // the same request shape and limits as the contacts search; EQ/NEQ/HAS_PROPERTY/GT on
  // call properties (hs_object_id is the id), sorted by id ascending, ≤ 200 per page.
  fake.app.post(`${fakeRoutes.calls}/search`, (req, res) => {
    const body = req.body ?? {};
    if (!requireFields(res, body, { filterGroups: "array", properties: "array", sorts: "array", limit: "integer" })) return;
    const limit = body.limit as number;
    if (limit < 1 || limit > 200) return invalidInput(res, "limit must be between 1 and 200", [{ message: "must be between 1 and 200", in: "limit" }]);
    const groups = body.filterGroups as { filters: { propertyName: string; operator: string; value?: string }[] }[];
    if (groups.length > 5 || groups.some((g) => !Array.isArray(g?.filters))) {
      return invalidInput(res, "At most 5 filterGroups, each with a filters array", [{ message: "invalid filterGroups", in: "filterGroups" }]);
    }
    const value = (c: FakeCall, name: string) => (name === "hs_object_id" ? c.id : c.properties[name]);
    const test = (c: FakeCall, f: { propertyName: string; operator: string; value?: string }) => {
      const v = value(c, f.propertyName);
      switch (f.operator) {
        case "EQ": return (v ?? "").toLowerCase() === String(f.value ?? "").toLowerCase();
        case "NEQ": return (v ?? "").toLowerCase() !== String(f.value ?? "").toLowerCase();
        case "HAS_PROPERTY": return v != null && v !== "";
        case "GT": return v != null && Number(v) > Number(f.value);
        default: return false;
      }
    };
    const all = [...crm(res).calls.values()]
      .filter((c) => groups.length === 0 || groups.some((g) => g.filters.every((f) => test(c, f))))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const offset = Number(body.after ?? 0);
    if (offset + limit > 10_000) return invalidInput(res, "Search results are limited to 10,000: narrow the filter", [{ message: "paging past 10,000 results", in: "after" }]);
    const names = (body.properties as string[]).length ? (body.properties as string[]) : ["hs_call_title", "hs_timestamp"];
    res.json({
      total: all.length,
      results: all.slice(offset, offset + limit).map((c) => ({
        id: c.id,
        properties: Object.fromEntries(["hs_object_id", ...names].map((n) => [n, value(c, n) ?? null])),
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        archived: false,
      })),
      ...(offset + limit < all.length && { paging: { next: { after: String(offset + limit) } } }),
    });
  });
}
