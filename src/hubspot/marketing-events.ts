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
