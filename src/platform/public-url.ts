/**
 * The rule both app configurations (HubSpot project, Zoom manifest) put on APP_BASE_URL:
 * HubSpot calls the action, options and webhook URLs, and both redirect browsers back,
 * only over HTTPS on a public address. Plain http is accepted for localhost alone, where
 * a developer tries the OAuth redirects on their own machine.
 */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

export type BaseUrlCheck = { ok: true; local: boolean } | { ok: false; reason: string };

export function checkPublicBaseUrl(appBaseUrl: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(appBaseUrl);
  } catch {
    return { ok: false, reason: `APP_BASE_URL (${appBaseUrl}) is not a URL` };
  }
  if (url.protocol === "https:") return { ok: true, local: LOOPBACK_HOSTS.has(url.hostname) };
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return { ok: true, local: true };
  return {
    ok: false,
    reason:
      `APP_BASE_URL is ${appBaseUrl}, but HubSpot and Zoom only call and redirect to public https:// URLs ` +
      "(plain http is accepted for localhost and 127.0.0.1 only). Set APP_BASE_URL to the app's public HTTPS address.",
  };
}
