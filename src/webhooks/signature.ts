import { hmacSha256, safeEqual } from "../lib/crypto";

/**
 * Zoom's webhook signature (reference §A3): `x-zm-signature: v0=<hex>` where hex is
 * HMAC-SHA256(secret token, `v0:{x-zm-request-timestamp}:{body}`). The body is the raw
 * bytes Zoom sent, never a re-serialised JSON (key order and escapes would differ).
 */

/** Zoom documents no replay window; five minutes either way absorbs clock skew. */
export const MAX_TIMESTAMP_SKEW_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: "no_secret" | "missing" | "stale" | "mismatch" };

export function signZoomRequest(secret: string, timestamp: string | number, rawBody: Buffer | string): string {
  const message = Buffer.concat([Buffer.from(`v0:${timestamp}:`), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody)]);
  return `v0=${hmacSha256(secret, message).digest("hex")}`;
}

export function verifyZoomSignature(input: {
  secret: string | undefined;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer | undefined;
  nowMs?: number;
}): SignatureCheck {
  const headers = checkZoomSignatureHeaders(input);
  if (!headers.ok) return headers;
  // All three are set once the headers check passed.
  const { secret = "", signature = "", timestamp = "" } = input;
  const expected = signZoomRequest(secret, timestamp, input.rawBody ?? Buffer.alloc(0));
  return safeEqual(signature, expected) ? { ok: true } : { ok: false, reason: "mismatch" };
}

/**
 * What can be checked without the body: a secret is configured, both headers are there
 * and well formed (`v0=` and 64 hex digits), the timestamp is within the window. The
 * intake runs this before reading a body (src/webhooks/early-check.ts), so an unsigned
 * request never gets to send up to 1 MB.
 */
export function checkZoomSignatureHeaders(input: {
  secret: string | undefined;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs?: number;
}): SignatureCheck {
  if (!input.secret) return { ok: false, reason: "no_secret" };
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{1,13}$/.test(timestamp)) return { ok: false, reason: "missing" };
  const skew = Math.abs((input.nowMs ?? Date.now()) / 1000 - Number(timestamp));
  if (skew > MAX_TIMESTAMP_SKEW_SECONDS) return { ok: false, reason: "stale" };
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "mismatch" };
  return { ok: true };
}

export function zoomSignatureMessage(reason: string): string {
  switch (reason) {
    case "no_secret":
      return "Zoom webhooks are not configured (ZOOM_WEBHOOK_SECRET_TOKEN is unset)";
    case "missing":
      return "Missing x-zm-signature or x-zm-request-timestamp";
    case "stale":
      return "x-zm-request-timestamp is more than 5 minutes off";
    default:
      return "The x-zm-signature does not match the body";
  }
}

/** The answer to `endpoint.url_validation`: the plain token and its hex HMAC under the secret token. */
export function urlValidationAnswer(secret: string, plainToken: string) {
  return { plainToken, encryptedToken: hmacSha256(secret, plainToken).digest("hex") };
}
