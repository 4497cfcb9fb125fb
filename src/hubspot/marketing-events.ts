import type { HubSpotWriter } from "./writer";

/**
 * Marketing events and their attendance (reference §B4,
 * https://developers.hubspot.com/docs/api/marketing/marketing-events).
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
  eventCancelled?: boolean;
  eventCompleted?: boolean;
}

/** POST /marketing/v3/marketing-events/events/upsert: one event per webinar, created or updated. */
export async function upsertMarketingEvent(writer: HubSpotWriter, event: MarketingEventInput): Promise<void> {
  await writer.call("POST", "/marketing/v3/marketing-events/events/upsert", {
    json: { inputs: [{ ...event, customProperties: [] }] },
  });
}

export type SubscriberState = "register" | "attend" | "cancel";

export interface AttendanceInput {
  email: string;
  /** Epoch milliseconds. */
  interactionDateTime: number;
  /** For `attend`: joinedAt and leftAt (the only properties HubSpot accepts there). */
  properties?: Record<string, string>;
}

/**
 * POST /marketing/v3/marketing-events/attendance/{externalEventId}/{state}/email-create
 * ?externalAccountId=… (at most 100 inputs).
 */
export async function recordAttendance(
  writer: HubSpotWriter,
  event: { externalAccountId: string; externalEventId: string },
  state: SubscriberState,
  inputs: AttendanceInput[],
): Promise<void> {
  await writer.call(
    "POST",
    `/marketing/v3/marketing-events/attendance/${encodeURIComponent(event.externalEventId)}/${state}/email-create`,
    {
      query: { externalAccountId: event.externalAccountId },
      json: { inputs: inputs.map((i) => ({ email: i.email, interactionDateTime: i.interactionDateTime, properties: i.properties ?? {} })) },
    },
  );
}
