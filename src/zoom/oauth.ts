/**
 * Zoom's OAuth endpoints, below ZOOM_OAUTH_BASE_URL (reference §A1;
 * https://developers.zoom.us/docs/integrations/oauth/): the consent page, and the token
 * endpoint (code exchange and refresh, HTTP Basic client auth). They are not API calls
 * and need no scope, so they are not in ZOOM_ENDPOINTS.
 */
export const zoomOAuthPaths = {
  authorize: () => "/oauth/authorize",
  token: () => "/oauth/token",
};
