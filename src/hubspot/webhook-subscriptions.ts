/**
 * The app's HubSpot webhooks (CONTRACT.md §3, §9), declared once: the route at
 * HUBSPOT_WEBHOOK_PATH handles these subscription types, and `npm run hubspot:project`
 * writes them into `src/app/webhooks/webhooks-hsmeta.json` with APP_BASE_URL +
 * HUBSPOT_WEBHOOK_PATH as the target.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
 */
export const HUBSPOT_WEBHOOK_PATH = "/webhooks/hubspot";

/**
 * The group of the webhooks component a subscription belongs to (reference §A7):
 * `legacyCrmObjects` takes the classic `contact.*` types, `hubEvents` the portal-level
 * ones such as `contact.privacyDeletion`.
 */
export type HubSpotSubscriptionGroup = "legacyCrmObjects" | "hubEvents";

export interface HubSpotWebhookSubscription {
  group: HubSpotSubscriptionGroup;
  subscriptionType: string;
}

export const HUBSPOT_WEBHOOK_SUBSCRIPTIONS = [
  // The contact was deleted: never re-create it from facts recorded earlier (CONTRACT.md §5).
  { group: "legacyCrmObjects", subscriptionType: "contact.deletion" },
  // Deleted for privacy: delete what the app holds about the person (CONTRACT.md §10).
  { group: "hubEvents", subscriptionType: "contact.privacyDeletion" },
] as const satisfies readonly HubSpotWebhookSubscription[];

export type HubSpotSubscriptionType = (typeof HUBSPOT_WEBHOOK_SUBSCRIPTIONS)[number]["subscriptionType"];

/**
 * At most this many deliveries at once. The route only verifies and records, so a few
 * suffice; 10 is HubSpot's template value (reference §A7).
 */
export const HUBSPOT_WEBHOOK_MAX_CONCURRENT_REQUESTS = 10;
