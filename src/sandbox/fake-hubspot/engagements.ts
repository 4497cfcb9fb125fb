import type { FakeHubSpot } from "./index";
import { checkBatch, crmOf, hubspotError, type FakeCrm } from "./crm-store";

/**
 * Calls (/crm/v3/objects/calls, single and batch create, with contact associations) and
 * transcripts (/crm/v3/extensions/calling/transcripts), shaped per reference §B4.
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
    if (!input.properties?.hs_timestamp) return "hs_timestamp is required";
    const unknown = (input.associations ?? []).map((a) => String(a.to?.id)).find((id) => !store.contacts.get(id) || store.contacts.get(id)!.archived);
    return unknown ? `Association target contact ${unknown} does not exist` : undefined;
  };

  fake.app.post("/crm/v3/objects/calls", (req, res) => {
    const problem = invalidCall(crm(res), req.body ?? {});
    if (problem) return hubspotError(res, 400, "VALIDATION_ERROR", problem);
    res.status(201).json(createCall(crm(res), req.body));
  });

  fake.app.post("/crm/v3/objects/calls/batch/create", (req, res) => {
    const inputs = req.body?.inputs as CallInput[];
    if (!checkBatch(res, inputs)) return;
    const problem = inputs.map((i) => invalidCall(crm(res), i)).find(Boolean);
    if (problem) return hubspotError(res, 400, "VALIDATION_ERROR", problem);
    res.status(201).json({ status: "COMPLETE", results: inputs.map((i) => createCall(crm(res), i)) });
  });

  fake.app.post("/crm/v3/extensions/calling/transcripts", (req, res) => {
    const { engagementId, transcriptCreateUtterances } = req.body ?? {};
    if (!crm(res).calls.has(String(engagementId))) return hubspotError(res, 404, "OBJECT_NOT_FOUND", `No call ${engagementId}`);
    if (!Array.isArray(transcriptCreateUtterances)) return hubspotError(res, 400, "VALIDATION_ERROR", "transcriptCreateUtterances must be an array");
    const bad = transcriptCreateUtterances.find(
      (u: Record<string, unknown>) => typeof u.text !== "string" || typeof u.startTimeMillis !== "number" || typeof u.endTimeMillis !== "number" || !u.speaker,
    );
    if (bad) return hubspotError(res, 400, "VALIDATION_ERROR", "Each utterance needs speaker, text, startTimeMillis and endTimeMillis");
    crm(res).transcripts.set(String(engagementId), transcriptCreateUtterances);
    res.status(201).json({ id: `transcript-${engagementId}`, engagementId: String(engagementId), transcriptUtterances: transcriptCreateUtterances });
  });
}
