import { activeZoomConnection } from "../connections/repository/zoom-connections";
import { ReauthorizationRequired } from "../connections/vault";
import { AppError } from "../lib/errors";
import { RateBudgetFull } from "../hubspot/budget";
import { HttpError } from "../lib/http-client";
import { isTransient } from "../hubspot/errors";
import { claimCallback, completeCallback, releaseCallback, startCall, type CallConnection, type CallPortal } from "./callbacks";
import { contactOf } from "./contact";
import type { WorkflowActionDeps } from "./deps";
import { recordWorkflowRegistration } from "./record";
import { HOST_CANNOT_REGISTER_MESSAGE, normaliseWebinarId, refusal, type ActionOutput, type ExecuteActionBody } from "./schemas";
import { getWebinar } from "../zoom/endpoints/webinars";
import { addRegistrant, chosenOccurrences, classifyZoomFailure, isHost } from "./zoom-registration";
import { answersFor, hostDefaults, mappedProperties, webinarMappingsFor, webinarQuestions } from "./questions";

/**
 * "Add contact to Zoom webinar" for one enrolled contact (CONTRACT.md §3): HubSpot gets
 * either an answer (SUCCESS or FAIL_CONTINUE with a reason), recorded once per
 * callbackId, or "come back later" (429) when Zoom cannot be reached right now, in which
 * case nothing was recorded.
 */

export type ActionAnswer =
  | { kind: "answer"; output: ActionOutput }
  | { kind: "retry-later"; retryAfterSeconds: number; reason: string };

export interface ExecuteOptions {
  /** Per Zoom call; HubSpot waits for us, so a slow Zoom becomes a 429 rather than a hang. */
  zoomTimeoutMs?: number;
  /** How long a duplicate delivery waits for the first one's answer. */
  duplicateWaitMs?: number;
}

export const DEFAULT_EXECUTE_OPTIONS: Required<ExecuteOptions> = { zoomTimeoutMs: 10_000, duplicateWaitMs: 2_000 };

type Deps = Pick<WorkflowActionDeps, "db" | "logger" | "config" | "vault" | "zoomApi" | "hubspotApi" | "requestWebinarSync">;

export async function executeAddToWebinar(s: Deps, body: ExecuteActionBody, options: ExecuteOptions = {}): Promise<ActionAnswer> {
  const opts = { ...DEFAULT_EXECUTE_OPTIONS, ...options };
  // The portal, its Zoom connection and the claim of the callbackId: one round trip.
  const start = await startCall(s.db, body.callbackId, body.origin.portalId);
  // No portal row: nothing to record the answer under, and nothing will ever change it.
  if (!start) return answer(portalNotInstalled());
  const { portal } = start;

  let connection: CallConnection | null | undefined = start.connection;
  if (!start.claimed) {
    const claim = await claimCallback(s.db, body.callbackId, portal.id, opts.duplicateWaitMs);
    if (claim.kind === "answered") return answer(claim.output);
    if (claim.kind === "busy") return { kind: "retry-later", retryAfterSeconds: claim.retryAfterSeconds, reason: "already in progress" };
    // Claimed after waiting: the connection read before may have changed meanwhile.
    connection = undefined;
  }

  try {
    const outcome = await registerContact(s, portal, connection, body, opts);
    if (outcome.kind === "retry-later") await releaseCallback(s.db, body.callbackId);
    else if (outcome.kind === "answer") await completeCallback(s.db, body.callbackId, outcome.output);
    else await recordWorkflowRegistration(s, { callbackId: body.callbackId, ...outcome });
    return outcome.kind === "registered" ? answer(outcome.output) : outcome;
  } catch (err) {
    await releaseCallback(s.db, body.callbackId).catch(() => undefined);
    throw err;
  }
}

type Registered = Omit<Parameters<typeof recordWorkflowRegistration>[1], "callbackId"> & { kind: "registered" };

async function registerContact(
  s: Pick<WorkflowActionDeps, "db" | "logger" | "config" | "vault" | "zoomApi" | "hubspotApi">,
  portal: CallPortal,
  knownConnection: CallConnection | null | undefined,
  body: ExecuteActionBody,
  opts: Required<ExecuteOptions>,
): Promise<ActionAnswer | Registered> {
  if (portal.uninstalledAt) return answer(portalNotInstalled());
  const rawWebinarId = body.inputFields.webinarId;
  const webinarId = normaliseWebinarId(rawWebinarId);
  if (!webinarId) {
    return answer(refusal("INVALID_WEBINAR_ID", `"${String(rawWebinarId ?? "").slice(0, 60)}" is not a Zoom webinar id`));
  }
  const connection = knownConnection === undefined ? await activeZoomConnection(s.db.prisma, portal.id) : knownConnection;
  if (!connection) return answer(refusal("ZOOM_NOT_CONNECTED", "Zoom is not connected: connect it in the app's settings"));

  // The webinar's question mappings (when the app knows it), so their properties come with the contact.
  const known = await webinarMappingsFor(s.db, connection.id, webinarId);
  const contact = await readContact(s, portal.id, body, known.mappings.map((m) => m.property));
  if (contact.kind !== "found") return contact.kind === "no-email" ? answer(refusal("MISSING_EMAIL", contact.reason)) : contact;
  const person = contact.person;

  // This action's Zoom calls (milliseconds apart) share one token, taken from the
  // connection row just read when it is fresh there.
  let token: Promise<string> | undefined;
  const sharedToken = () => (token ??= s.vault.zoomAccessTokenFrom(connection));
  const zoom = s.zoomApi(connection.id, { retries: 0, timeoutMs: opts.zoomTimeoutMs, token: sharedToken });
  try {
    const [webinar, form] = await Promise.all([getWebinar(zoom, webinarId), webinarQuestions(zoom, connection.id, webinarId)]);
    // Zoom refuses hosts with 3027 only sometimes; we never ask it to register one.
    if (isHost(person.email, webinar, connection.email)) {
      return answer(refusal("HOST_CANNOT_REGISTER", HOST_CANNOT_REGISTER_MESSAGE));
    }
    const occurrences = chosenOccurrences(webinar, body.inputFields.occurrence, webinarId);
    if ("refused" in occurrences) return answer(occurrences.refused);
    // A webinar new to the app will get its host's default mappings: they answer now.
    const mappings = known.known ? known.mappings : await hostDefaults(s.db, connection.id, webinar.host_id);
    const wanted = mappedProperties(form, mappings);
    let values = contact.values;
    if (wanted.some((p) => !(p in values))) {
      const again = await readContact(s, portal.id, body, wanted);
      if (again.kind !== "found") return again.kind === "no-email" ? answer(refusal("MISSING_EMAIL", again.reason)) : again;
      values = again.values;
    }
    const answered = answersFor(form, mappings, values, person);
    if ("refused" in answered) return answer(answered.refused);
    const registration = await addRegistrant(zoom, webinarId, person, occurrences.ids, answered.answers);
    const output: ActionOutput = {
      hs_execution_state: "SUCCESS",
      zoom_registrant_id: registration.registrantId,
      zoom_join_url: registration.joinUrl,
    };
    return { kind: "registered", connectionId: connection.id, webinar, person, registration, output, answers: answered.answers };
  } catch (err) {
    const failure = classifyZoomFailure(err, webinarId);
    if (failure.kind === "refused") return answer(failure.output);
    s.logger.warn({ webinarId, reason: failure.reason }, "Zoom unavailable for the workflow action; HubSpot will retry");
    return { kind: "retry-later", retryAfterSeconds: failure.retryAfterSeconds, reason: failure.reason };
  }
}

/** The contact from the payload, else from HubSpot (a HubSpot outage is also "retry later"). */
async function readContact(s: Pick<WorkflowActionDeps, "hubspotApi">, portalId: bigint, body: ExecuteActionBody, extra: string[] = []) {
  try {
    return await contactOf(() => s.hubspotApi(portalId, { attempts: 1, maxBudgetWaitMs: 2_000 }), body.object.objectId, body.object.properties, extra);
  } catch (err) {
    if (err instanceof ReauthorizationRequired || (err instanceof AppError && err.code === "PORTAL_NOT_INSTALLED")) {
      return answer(portalNotInstalled());
    }
    // HubSpot busy or down, or its rate limit for the portal used up by our own sync: HubSpot comes back.
    if (isTransient(err)) {
      const asked = err instanceof HttpError || err instanceof RateBudgetFull ? err.retryAfterMs : undefined;
      const seconds = asked ? Math.ceil(asked / 1000) : 10;
      return { kind: "retry-later" as const, retryAfterSeconds: Math.min(3600, Math.max(1, seconds)), reason: "HubSpot unavailable" };
    }
    throw err;
  }
}

const answer = (output: ActionOutput) => ({ kind: "answer" as const, output });
const portalNotInstalled = () =>
  refusal("PORTAL_NOT_INSTALLED", "The Zoom webinars app is not installed in this HubSpot account");
