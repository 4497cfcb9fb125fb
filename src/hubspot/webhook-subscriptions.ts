/**
 * The app's HubSpot webhook target and the subscriptions declared in the project's
 * `webhooks-hsmeta.json` (CONTRACT.md §3 "HubSpot webhooks", §9; reference §A7).
 */
export const HUBSPOT_WEBHOOK_PATH = "/webhooks/hubspot";

export const HUBSPOT_WEBHOOK_SUBSCRIPTIONS = ["contact.privacyDeletion", "contact.deletion"] as const;
export type HubSpotWebhookSubscription = (typeof HUBSPOT_WEBHOOK_SUBSCRIPTIONS)[number];
