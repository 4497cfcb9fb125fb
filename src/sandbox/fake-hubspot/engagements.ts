import { fakeRoutes } from "../../hubspot/versions";
import type { FakeHubSpot } from "./index";
import { checkBatch, crmOf, hubspotError, invalidInput, nonStringValues, type FakeCrm } from "./crm-store";

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
    const unknown = input.associations.map((a) => String(a.to?.id)).find((id) => !store.contacts.get(id) || store.contacts.get(id)!.archived);
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
    crm(res).transcripts.set(String(engagementId), transcriptCreateUtterances);
    res.status(201).json({ id: `${engagementId}001` });
  });
}
