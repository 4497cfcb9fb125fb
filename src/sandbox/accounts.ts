/** The simulated HubSpot portal and Zoom account sandbox mode starts with (sandbox.ts seeds them). */
export const SANDBOX_PORTAL_ID = 1000001;
export const SANDBOX_ZOOM_ACCOUNT = "sandbox-zoom-account";
