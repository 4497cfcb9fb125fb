import type { FakeHubSpot } from "./fake-hubspot";
import { crmOf, type FakeCrm } from "./fake-hubspot/crm-store";
import type { FakeZoom } from "./fake-zoom";
import { webinarActivity } from "./fake-zoom/webinars";
import { stateFromJson, stateToJson } from "./fake-server";

/**
 * Everything the sandbox simulates, as one JSON document (DATA_DIR/sandbox-state.json):
 * the two fakes' own fields, plus what lives beside them — each portal's CRM records
 * (marketing events, attendance, calls, transcripts, app event occurrences) and the Zoom
 * account's webinar activity (instances, participants, recordings).
 */

type SavedCrm = Pick<FakeCrm, "nextId" | "events" | "attendance" | "participations" | "calls" | "transcripts" | "transcriptRecords" | "appEvents">;

interface SavedState {
  /** The fakes' own `snapshot()`s, as objects. */
  hubspot: Record<string, unknown>;
  zoom: Record<string, unknown>;
  crm?: [number, SavedCrm][];
  activity?: { instances: Map<string, unknown>; recordings: Map<string, unknown>; files: Map<string, unknown> };
}

export function saveSandboxState(hubspot: FakeHubSpot, zoom: FakeZoom): string {
  const crm: [number, SavedCrm][] = [...hubspot.portals.values()].map((portal) => {
    const { nextId, events, attendance, participations, calls, transcripts, transcriptRecords, appEvents } = crmOf(portal);
    return [portal.hubId, { nextId, events, attendance, participations, calls, transcripts, transcriptRecords, appEvents }];
  });
  const { instances, recordings, files } = webinarActivity(zoom);
  const snapshot = (fake: FakeHubSpot | FakeZoom) => JSON.parse(fake.snapshot()) as Record<string, unknown>;
  const state: SavedState = { hubspot: snapshot(hubspot), zoom: snapshot(zoom), crm, activity: { instances, recordings, files } };
  return stateToJson(state);
}

/** Puts a saved state back into freshly made fakes. Throws when the document is not one. */
export function restoreSandboxState(json: string, hubspot: FakeHubSpot, zoom: FakeZoom) {
  const state = stateFromJson(json) as SavedState | null | undefined;
  if (!isObject(state?.hubspot) || !isObject(state.zoom)) throw new Error("not a sandbox state");
  hubspot.restore(stateToJson(state.hubspot));
  zoom.restore(stateToJson(state.zoom));
  for (const [hubId, saved] of state.crm ?? []) {
    const portal = hubspot.portals.get(hubId);
    if (portal) Object.assign(crmOf(portal), saved);
  }
  const activity = webinarActivity(zoom);
  for (const key of ["instances", "recordings", "files"] as const) {
    const saved = state.activity?.[key];
    if (!saved) continue;
    activity[key].clear();
    for (const [k, v] of saved) (activity[key] as Map<string, unknown>).set(k, v);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
