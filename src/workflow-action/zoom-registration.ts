import { AppError } from "../lib/errors";
import { HttpError } from "../lib/http-client";
import type { ZoomApi } from "../zoom/api";
import { addRegistrant as postRegistrant } from "../zoom/endpoints/registrants";
import type { ZoomWebinar } from "../zoom/endpoints/webinars";
import { isZoomDailyRegistrantCap, zoomErrorBody, zoomErrorKind } from "../zoom/errors";
import { nextOccurrence, occurrencesOf } from "../zoom/occurrences";
import { registrationBodyOf, type Answers } from "../zoom/registration-answers";
import { HOST_CANNOT_REGISTER_MESSAGE, refusal, type ActionOutput, type OccurrenceChoice } from "./schemas";

/**
 * The two Zoom calls of the action (getWebinar in src/zoom/endpoints/webinars.ts, the
 * registration below) and what their failures mean to a workflow. Zoom is
 * called without retries here: HubSpot is the retry loop (we answer 429 + Retry-After),
 * and a retried add-registrant would spend the contact's 3-per-day cap (reference §A6).
 */

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * First name, last name and email go to Zoom, and the answers to the webinar's
 * registration questions that the admin mapped to contact properties (src/workflow-action/questions.ts):
 * nothing else about the contact. Zoom requires `first_name`; a contact without one is
 * registered under the part of its email before the "@" rather than refused.
 */
export async function addRegistrant(zoom: ZoomApi, webinarId: string, person: Person, occurrenceIds?: string[], answers: Answers = {}) {
  const answer = await postRegistrant(zoom, webinarId, {
    ...registrationBodyOf(answers),
    first_name: person.firstName || (person.email.split("@")[0] ?? person.email),
    last_name: person.lastName,
    email: person.email,
  }, occurrenceIds);
  return { registrantId: answer.registrant_id, joinUrl: answer.join_url };
}

/**
 * The occurrences to register for (input field `occurrence`, CONTRACT.md §11): `all`
 * sends no `occurrence_ids` (Zoom registers for the series); `next` sends the next
 * occurrence that has not started, from GET /webinars/{webinarId}'s `occurrences`. A
 * webinar without occurrences is not recurring: `next` is the webinar itself. A
 * recurring webinar whose occurrences have all started is over for `next`.
 */
export function chosenOccurrences(
  webinar: ZoomWebinar,
  choice: OccurrenceChoice,
  webinarId: string,
  now = Date.now(),
): { ids?: string[] } | { refused: ActionOutput } {
  if (choice === "all") return {};
  const list = occurrencesOf(webinar);
  if (!list) return {};
  const next = nextOccurrence(list, now);
  if (!next) return { refused: refusal("WEBINAR_ENDED", `Webinar ${webinarId} has no occurrence left that has not started`) };
  return { ids: [next.occurrenceId] };
}

/** Host, alternative hosts (Zoom separates them with ";" or ","), and the connected Zoom user. */
export function isHost(email: string, webinar: ZoomWebinar, connectionEmail: string): boolean {
  const hosts = [webinar.host_email ?? "", connectionEmail, ...(webinar.settings?.alternative_hosts ?? "").split(/[;,]/)];
  const wanted = email.trim().toLowerCase();
  return hosts.some((h) => h.trim().toLowerCase() === wanted);
}

export type ZoomFailure =
  | { kind: "refused"; output: ActionOutput }
  | { kind: "unavailable"; retryAfterSeconds: number; reason: string };

const DEFAULT_RETRY_AFTER_S = 30;
const MAX_RETRY_AFTER_S = 3600;

/**
 * Turns a failed Zoom call into a workflow answer; throws what it does not recognise.
 * The kind of failure is Zoom's one classification (src/zoom/errors.ts); Zoom's codes
 * then choose the words (reference hubspot-zoom-api-facts §A6).
 */
export function classifyZoomFailure(err: unknown, webinarId: string): ZoomFailure {
  if (err instanceof AppError && /^ZOOM_(NOT_CONNECTED|REAUTHORIZATION_REQUIRED)$/.test(err.code)) {
    return { kind: "refused", output: refusal("ZOOM_NOT_CONNECTED", "Zoom is not connected: reconnect it in the app's settings") };
  }
  const kind = zoomErrorKind(err);
  if (kind === "transient") {
    if (!(err instanceof HttpError)) return unavailable(undefined, (err as Error).message);
    const { message } = zoomErrorBody(err);
    return unavailable(err.retryAfterMs, message ? `Zoom answered ${err.status}: ${message}` : `Zoom answered ${err.status}`);
  }
  if (!(err instanceof HttpError)) throw err;
  const { code, message } = zoomErrorBody(err);
  const refused = (output: ActionOutput): ZoomFailure => ({ kind: "refused", output });
  // The per-registrant cap is not temporary for this contact today; the account's rate limit is (transient, above).
  if (isZoomDailyRegistrantCap(err)) {
    return refused(refusal("REGISTRATION_LIMIT", `Zoom's daily registration limit for this contact was reached: ${message}`));
  }
  if (kind === "auth") {
    return refused(refusal("ZOOM_NOT_CONNECTED", "Zoom refused the connection's token: reconnect Zoom in the app's settings"));
  }
  switch (Number(code)) {
    case 3027:
      return refused(refusal("HOST_CANNOT_REGISTER", HOST_CANNOT_REGISTER_MESSAGE));
    case 3000:
      return refused(refusal("REGISTRATION_DISABLED", `Registration is not enabled for webinar ${webinarId}`));
    case 3038:
      return refused(refusal("WEBINAR_ENDED", `Webinar ${webinarId} is over`));
    case 3035:
      return refused(refusal("WEBINAR_FULL", `Webinar ${webinarId} has reached its maximum number of registrants`));
    case 300: {
      const unanswered = unansweredInZoomRefusal(err);
      if (unanswered) return refused(refusal("REQUIRED_QUESTION_UNANSWERED", `Zoom refused the registration: the required registration question "${unanswered}" is unanswered`));
      return refused(refusal("INVALID_WEBINAR_ID", `Zoom does not accept ${webinarId} as a webinar id`));
    }
    case 1001:
      // Here "user does not exist" is the contact: not a Zoom user where the webinar requires one.
      return refused(refusal("REGISTRATION_DISABLED", `Zoom refused the registration: ${message}`));
  }
  if (kind === "not_found") {
    return refused(refusal("WEBINAR_NOT_FOUND", `Webinar ${webinarId} was not found in the connected Zoom account`));
  }
  // Other refusals (3034 work email required, 200 no webinar plan, 403 not allowed…):
  // registration is not possible for this contact; Zoom's words say why.
  return refused(refusal("REGISTRATION_DISABLED", `Zoom refused the registration${message ? `: ${message}` : ""}`));
}

/**
 * The question a validation refusal (300) names, when Zoom refused the registration for a
 * question left unanswered. Not confirmed (README "Known unknowns"): Zoom documents no code
 * for it; this reads its validation failure's `errors[{field, message}]` (the shape it uses
 * for a missing first_name), leaving out the fields the app always sends. The one place
 * this rule lives: the action answers required questions before calling Zoom, so this is
 * only the case of a question Zoom requires that its questions API did not list.
 */
function unansweredInZoomRefusal(err: HttpError): string | undefined {
  const errors = (err.body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const fields = errors.flatMap((e) => (e && typeof e === "object" && typeof (e as { field?: unknown }).field === "string" ? [(e as { field: string }).field] : []));
  return fields.find((f) => !["first_name", "email"].includes(f));
}

function unavailable(retryAfterMs: number | undefined, reason: string): ZoomFailure {
  const seconds = retryAfterMs === undefined ? DEFAULT_RETRY_AFTER_S : Math.ceil(retryAfterMs / 1000);
  return { kind: "unavailable", retryAfterSeconds: Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds)), reason };
}
