import { HANDLED_EVENTS } from "../zoom/events";
import { ZOOM_CALLBACK_PATH, ZOOM_WEBHOOK_PATH } from "../http/public-paths";
import { ZOOM_SCOPES } from "../zoom/scopes";

/**
 * The Zoom General app of a deployment, as the manifest Zoom's build flow imports
 * (CONTRACT.md §9, reference platform-2026 §C1): admin-managed, redirecting to
 * APP_BASE_URL + ZOOM_CALLBACK_PATH, asking for exactly the scopes of the endpoint table
 * (src/zoom/scopes.ts) and subscribing to exactly the events the app handles
 * (src/webinars/events.ts).
 * https://developers.zoom.us/docs/build-flow/manifests/schema/manifest-template/
 *
 * Not confirmed (README "Known unknowns"): that `app_deauthorized` is accepted among a
 * manifest's `event_types` (Zoom documents it as a Marketplace event; older apps set a
 * separate deauthorization URL instead).
 */

/** ≤ 50 characters (Zoom's manifest validation). */
export const ZOOM_APP_NAME = "Webinar sync for HubSpot";
export const ZOOM_SUBSCRIPTION_NAME = "hubspot-webinar-sync";

export function zoomManifest(appBaseUrl: string) {
  const redirect = `${appBaseUrl}${ZOOM_CALLBACK_PATH}`;
  const webhook = `${appBaseUrl}${ZOOM_WEBHOOK_PATH}`;
  return {
    display_information: {
      display_name: ZOOM_APP_NAME,
      description: "Syncs the account's Zoom webinars, registrants, attendance and recordings into HubSpot.",
      long_description:
        "Installed by a Zoom account admin, this app reads the account's webinars, registrants, participants and cloud " +
        "recordings and writes them to the connected HubSpot portal as contacts, marketing event participation and call " +
        "records. HubSpot workflows can register contacts for a webinar.",
    },
    oauth_information: {
      // One admin install covers every user of the account (CONTRACT.md §4); the scopes are the `:admin` forms.
      usage: "ADMIN_MANAGEMENT",
      development_redirect_uri: redirect,
      production_redirect_uri: redirect,
      oauth_allow_list: [redirect],
      // Only this exact redirect URL, on this exact host (Zoom: "Strict Mode URL", "Subdomain Check").
      strict_mode: true,
      subdomain_strict_mode: true,
      scopes: ZOOM_SCOPES.map((scope) => ({ scope, optional: false })),
      scope_description:
        "Lists the account's users and their webinars, reads webinars, registrants, participants and reports, registers " +
        "people for webinars (HubSpot workflows), and reads cloud recordings to attach them to HubSpot.",
    },
    features: {
      products: ["ZOOM_WEBINAR"],
      event_subscription: {
        enable: true,
        events: [
          {
            subscription_name: ZOOM_SUBSCRIPTION_NAME,
            event_types: [...HANDLED_EVENTS],
            development_webhook_url: webhook,
            production_webhook_url: webhook,
          },
        ],
      },
    },
  };
}
