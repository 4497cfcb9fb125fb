import { z } from "zod";
import { batchErrors, type StandardError } from "./errors";
import { hubspotPaths } from "./versions";
import type { HubSpotWriter } from "./writer";

/**
 * Marketing events and their attendance on the 2026-09 API (reference platform-2026 §B5,
 * spec Marketing/Marketing Events/…/2026-09/marketingEvents.json;
 * https://developers.hubspot.com/docs/api-reference/marketing-marketing-events-v3/guide).
 */
export interface MarketingEventInput {
  externalAccountId: string;
  externalEventId: string;
  eventName: string;
  eventOrganizer: string;
  eventType: string;
  startDateTime?: string;
  endDateTime?: string;
  eventUrl?: string;
  eventDescription?: string;
}

export interface EventRef {
  externalAccountId: string;
  externalEventId: string;
}

/**
 * POST /marketing/marketing-events/2026-09/events/upsert: one event per webinar, created
 * or updated (`customProperties` is required, even empty). Completion and cancellation
 * have their own calls below.
 */
export async function upsertMarketingEvent(writer: HubSpotWriter, event: MarketingEventInput): Promise<void> {
  await writer.call("POST", hubspotPaths.marketingEventsUpsert(), {
    json: { inputs: [{ ...event, customProperties: [] }] },
  });
}

/**
 * POST /marketing/marketing-events/2026-09/events/{externalEventId}/complete?externalAccountId=
 * with the actual start and end (ISO-8601; both required by `MarketingEventCompleteRequestParams`).
 */
export async function completeMarketingEvent(writer: HubSpotWriter, event: EventRef, dates: { startDateTime: string; endDateTime: string }) {
  await writer.call("POST", hubspotPaths.marketingEventAction(event.externalEventId, "complete"), {
    query: { externalAccountId: event.externalAccountId },
    json: dates,
  });
}

/** POST /marketing/marketing-events/2026-09/events/{externalEventId}/cancel?externalAccountId= (no body). */
export async function cancelMarketingEvent(writer: HubSpotWriter, event: EventRef) {
  await writer.call("POST", hubspotPaths.marketingEventAction(event.externalEventId, "cancel"), {
    query: { externalAccountId: event.externalAccountId },
  });
}

export type SubscriberState = "register" | "attend" | "cancel";

export interface AttendanceInput {
  email: string;
  /** Epoch milliseconds. */
  interactionDateTime: number;
  /** For `attend`: joinedAt and leftAt (the only properties HubSpot accepts there). */
  properties?: Record<string, string>;
  /** Set by HubSpot only when it creates the contact (firstname, lastname). */
  contactProperties?: Record<string, string>;
}

/**
 * POST /marketing/marketing-events/2026-09/attendance/{externalEventId}/{state}/email-create
 * ?externalAccountId=… (at most 100 inputs). `MarketingEventEmailSubscriber` requires
 * email, interactionDateTime, properties and contactProperties (both may be empty).
 * Returns the emails HubSpot recorded and the batch's `errors[]` (StandardError).
 */
export async function recordAttendance(
  writer: HubSpotWriter,
  event: EventRef,
  state: SubscriberState,
  inputs: AttendanceInput[],
): Promise<{ recorded: Set<string>; errors: StandardError[] }> {
  const body = await writer.call("POST", hubspotPaths.attendanceEmailCreate(event.externalEventId, state), {
    // Not idempotent (see `recordedParticipations`): never re-sent after a lost answer.
    once: true,
    query: { externalAccountId: event.externalAccountId },
    json: {
      inputs: inputs.map((i) => ({
        email: i.email,
        interactionDateTime: i.interactionDateTime,
        properties: i.properties ?? {},
        contactProperties: i.contactProperties ?? {},
      })),
    },
  });
  const answer = AttendanceAnswer.safeParse(body);
  const recorded = new Set((answer.success ? answer.data.results : []).map((r) => r.email?.toLowerCase()).filter((e): e is string => Boolean(e)));
  return { recorded, errors: batchErrors(body) };
}

/** `BatchResponseSubscriberEmailResponse`: results [{email, vid}]. */
const AttendanceAnswer = z.object({ results: z.array(z.object({ email: z.string().optional(), vid: z.number().optional() })) });

const Breakdown = z.object({
  results: z.array(
    z.object({
      associations: z.object({ contact: z.object({ email: z.string().optional(), contactId: z.string().optional() }) }),
      properties: z.object({ attendanceState: z.string() }),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** HubSpot's participation state (`ParticipationProperties.attendanceState`) of each state we record. */
const SHOWN_BY: Record<SubscriberState, string> = { register: "REGISTERED", attend: "ATTENDED", cancel: "CANCELLED" };

/**
 * Of these emails, the ones HubSpot already holds a `state` participation for in the
 * event: GET /marketing/marketing-events/2026-09/participations/{externalAccountId}/
 * {externalEventId}/breakdown?limit=100&after= (spec Marketing/Marketing Events/…/2026-09/
 * marketingEvents.json, `CollectionResponseWithTotalParticipationBreakdown`; scope
 * crm.objects.marketing_events.read;
 * https://developers.hubspot.com/docs/api-reference/marketing-marketing-events-v3/guide),
 * paged through. Asked only after an email-create whose outcome is unknown.
 *
 * Not confirmed (README "Known unknowns"): whether a second email-create for the same
 * contact, event and state adds a second participation / timeline entry (the docs only
 * say each call "records the participation" and "adds a timeline event"), so the app
 * treats it as not idempotent and never re-sends without asking here first; and whether
 * the breakdown lists one participation per recorded state (as read here: a `register`
 * is recorded when a REGISTERED participation of the contact exists) or only the
 * contact's latest state. Register and attend batches run side by side, so "any
 * participation" would take an attendance for a registration that never landed.
 */
export async function recordedParticipations(
  writer: HubSpotWriter,
  event: EventRef,
  state: SubscriberState,
  emails: string[],
): Promise<Set<string>> {
  const wanted = new Set(emails.map((e) => e.toLowerCase()));
  const found = new Set<string>();
  let after: string | undefined;
  do {
    const page = Breakdown.parse(
      await writer.call("GET", hubspotPaths.participationsBreakdown(event.externalAccountId, event.externalEventId), {
        query: { limit: 100, after },
      }),
    );
    for (const r of page.results) {
      const email = r.associations.contact.email?.toLowerCase();
      if (email && wanted.has(email) && SHOWN_BY[state] === r.properties.attendanceState) found.add(email);
    }
    after = page.paging?.next?.after;
  } while (after);
  return found;
}
