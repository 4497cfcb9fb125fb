import { emptyCrm, stateFromJson, stateToJson, type FakeHubSpot, type FakeZoom } from "@hzw/fakes";

/**
 * Everything the sandbox simulates, as one JSON document (DATA_DIR/sandbox-state.json):
 * each fake's whole state (`FakeServer.state`: portals with their CRM records, tokens,
 * Zoom accounts, webinars and their activity), so nothing a fake keeps is left out.
 */

const FORMAT = 2;

export function saveSandboxState(hubspot: FakeHubSpot, zoom: FakeZoom): string {
  // Each fake's saved state is JSON already: placed as it is, not parsed again.
  return `{"format":${FORMAT},"hubspot":${hubspot.saveState()},"zoom":${zoom.saveState()}}`;
}

/** Puts a saved state back into freshly made fakes. Throws when the document is not one. */
export function restoreSandboxState(json: string, hubspot: FakeHubSpot, zoom: FakeZoom) {
  const doc = JSON.parse(json) as { format?: number; hubspot?: unknown; zoom?: unknown };
  if (!isObject(doc.hubspot) || !isObject(doc.zoom)) throw new Error("not a sandbox state");
  const saved = doc.format === FORMAT ? { hubspot: JSON.stringify(doc.hubspot), zoom: JSON.stringify(doc.zoom) } : fromFirstFormat(json);
  hubspot.loadState(saved.hubspot);
  zoom.loadState(saved.zoom);
}

type Stores = Record<string, unknown>;

/**
 * The document as written before the fakes kept one state object each (until 2026-11):
 * the fakes' fields, each portal's CRM records beside it (`crm`) and the Zoom webinars'
 * activity beside them (`activity`).
 */
function fromFirstFormat(json: string): { hubspot: string; zoom: string } {
  const old = stateFromJson(json) as {
    hubspot: Stores & { portals?: Map<number, Stores> };
    zoom: Stores;
    crm?: [number, Stores][];
    activity?: Stores;
  };
  const pick = (from: Stores, keys: string[]) => Object.fromEntries(keys.filter((k) => k in from).map((k) => [k, from[k]]));
  const crmByPortal = new Map(old.crm ?? []);
  const portals = new Map([...(old.hubspot.portals ?? [])].map(([hubId, portal]) => [hubId, { ...emptyCrm(), ...portal, ...crmByPortal.get(hubId) }]));
  return {
    hubspot: stateToJson({ ...pick(old.hubspot, ["accessTokens", "refreshTokens", "codes"]), portals }),
    zoom: stateToJson({ ...pick(old.zoom, ["accounts", "accessTokens", "refreshTokens", "codes", "webinars"]), ...pick(old.activity ?? {}, ["instances", "recordings", "files"]) }),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
