/**
 * Paths of the app that HubSpot's and Zoom's configuration point at (CONTRACT.md §3, §9),
 * declared once: the routes serve them and `npm run hubspot:project` / `npm run
 * zoom:manifest` write `APP_BASE_URL` + these paths into the app configurations. The
 * workflow action's paths live with its definition (src/workflow-action/definition.ts),
 * the HubSpot webhook path with its subscriptions (src/hubspot/webhook-subscriptions.ts).
 */
export const HUBSPOT_CALLBACK_PATH = "/oauth/hubspot/callback";
export const ZOOM_CALLBACK_PATH = "/oauth/zoom/callback";
export const ZOOM_WEBHOOK_PATH = "/webhooks/zoom";
