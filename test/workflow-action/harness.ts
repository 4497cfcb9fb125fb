import { createHash, createHmac, randomUUID } from "node:crypto";
import { addFakeWebinar, type FakeZoomWebinar } from "@hzw/fakes";
import { connectZoom, install, PORTAL_ID, startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";

/**
 * HubSpot's side of the workflow action, written from HubSpot's documented algorithms
 * (not with the SDK the app uses):
 * v3 = base64(HMAC-SHA256(client secret, METHOD + URI + body + timestamp));
 * v2 = hex(SHA-256(client secret + METHOD + URI + body)).
 */
export function signV3(secret: string, uri: string, body: string, timestamp: number) {
  return createHmac("sha256", secret).update(`POST${uri}${body}${timestamp}`, "utf8").digest("base64");
}

export function signV2(secret: string, uri: string, body: string) {
  return createHash("sha256").update(`${secret}POST${uri}${body}`, "utf8").digest("hex");
}

export const ACTION = "/hubspot/actions/add-to-webinar";
export const OPTIONS = `${ACTION}/options`;

export interface ActionWorld extends World {
  connectionEmail: string;
}

/** A world with the app installed in the portal and Zoom connected (as host@zoomco.example). */
export async function startActionWorld(): Promise<ActionWorld> {
  const world = await startWorld();
  const { browser } = await install(world);
  const connection = await connectZoom(world, browser);
  return Object.assign(world, { connectionEmail: connection.email });
}

/** A webinar of the connected account hosted by other-host@zoomco.example, with two alternative hosts. */
export function webinar(world: World, fields: Parameters<typeof addFakeWebinar>[3] = {}): FakeZoomWebinar {
  return addFakeWebinar(world.zoom, ZOOM_ACCOUNT, { id: "zu_other", email: "other-host@zoomco.example" }, {
    topic: "Quarterly product update",
    ...fields,
    settings: { alternative_hosts: "alt.one@zoomco.example; Alt.Two@Partner.example", ...fields.settings },
  });
}

export function actionBody(overrides: {
  callbackId?: string;
  portalId?: number;
  webinarId?: unknown;
  properties?: Record<string, string> | null;
  objectId?: number;
} = {}) {
  return {
    callbackId: overrides.callbackId ?? `ap-${randomUUID()}`,
    origin: { portalId: overrides.portalId ?? PORTAL_ID, actionDefinitionId: 1001, actionDefinitionVersion: 1 },
    context: { source: "WORKFLOWS", workflowId: 77 },
    object: {
      objectId: overrides.objectId ?? 901,
      objectType: "CONTACT",
      ...(overrides.properties !== null && {
        properties: overrides.properties ?? { firstname: "Ada", lastname: "Lovelace", email: "ada@example.org" },
      }),
    },
    inputFields: { webinarId: overrides.webinarId },
  };
}

export interface SignedCall {
  status: number;
  headers: Headers;
  json: any;
}

/** POSTs `body` to the app signed the way HubSpot does (v3 by default). */
export async function callSigned(
  world: World,
  path: string,
  body: unknown,
  options: { version?: "v2" | "v3"; timestamp?: number; secret?: string; signedUri?: string; sendBody?: string } = {},
): Promise<SignedCall> {
  const raw = JSON.stringify(body);
  const secret = options.secret ?? world.hubspot.clientSecret;
  const uri = options.signedUri ?? world.app.config.appBaseUrl + path;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if ((options.version ?? "v3") === "v3") {
    const timestamp = options.timestamp ?? Date.now();
    headers["x-hubspot-signature-v3"] = signV3(secret, uri, raw, timestamp);
    headers["x-hubspot-request-timestamp"] = String(timestamp);
  } else {
    headers["x-hubspot-signature"] = signV2(secret, uri, raw);
    headers["x-hubspot-signature-version"] = "v2";
  }
  const res = await fetch(world.app.url + path, { method: "POST", headers, body: options.sendBody ?? raw });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

export const registrantCalls = (world: World) => world.zoom.callsTo("POST", /^\/v2\/webinars\/\d+\/registrants$/);
