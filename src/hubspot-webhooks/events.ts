import { createHash } from "node:crypto";
import { z } from "zod";
import { HUBSPOT_WEBHOOK_SUBSCRIPTIONS, type HubSpotSubscriptionType } from "../hubspot/webhook-subscriptions";

/**
 * The body HubSpot POSTs to the webhook target: a JSON array of events (reference §A7).
 * HubSpot adds fields over time (changeFlag, propertyName, objectTypeId…), so events
 * are not strict; what the app relies on is required and typed. Ids arrive as numbers
 * (they fit in 53 bits today); strings of digits are accepted too.
 * https://developers.hubspot.com/docs/apps/legacy-apps/public-apps/create-generic-webhook-subscriptions
 */

const Id = z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/)]).transform(String);

export const HubSpotWebhookEvent = z
  .object({
    eventId: Id,
    subscriptionId: Id,
    portalId: Id,
    appId: Id,
    /** Epoch milliseconds. */
    occurredAt: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    subscriptionType: z.string().min(1).max(200),
    attemptNumber: z.number().int().nonnegative(),
    objectId: Id.optional(),
    changeSource: z.string().max(200).optional(),
  })
  .loose()
  .superRefine((event, ctx) => {
    if (isHandledSubscription(event.subscriptionType) && event.objectId === undefined) {
      ctx.addIssue({ code: "custom", path: ["objectId"], message: `is required for ${event.subscriptionType}` });
    }
  });
export type HubSpotWebhookEvent = z.infer<typeof HubSpotWebhookEvent>;

/**
 * HubSpot batches events in one request; how many at most is not stated for the
 * developer platform. Not confirmed (README "Known unknowns"): 1000 is a generous bound,
 * and 1 MB bodies (src/http/body.ts) bound the rest.
 */
export const HubSpotWebhookBody = z.array(HubSpotWebhookEvent).max(1000);

export const isHandledSubscription = (type: string): type is HubSpotSubscriptionType =>
  HUBSPOT_WEBHOOK_SUBSCRIPTIONS.some((s) => s.subscriptionType === type);

/**
 * The same event, whatever the delivery: HubSpot documents eventId as not unique on its
 * own, and attemptNumber changes with each retry, so the key is the event's identity
 * within its portal and subscription. Not confirmed (README "Known unknowns"): that a
 * retry repeats eventId, subscriptionId and occurredAt exactly (HubSpot's retry
 * documentation implies the same event is resent, without listing the fields).
 */
export function dedupeKeyOf(e: HubSpotWebhookEvent): string {
  const parts = [e.portalId, e.subscriptionId, e.eventId, e.objectId ?? "", e.subscriptionType, e.occurredAt];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}
