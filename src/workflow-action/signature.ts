import { Signature } from "@hubspot/api-client";
import type { Request } from "express";
import { safeEqual } from "../lib/crypto";

/**
 * HubSpot's request signatures on calls to our action URLs (reference §B3):
 * - v3 `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(client secret,
 *   METHOD + URI + raw body + `X-HubSpot-Request-Timestamp`), timestamp ≤ 5 minutes old;
 * - otherwise v2 `X-HubSpot-Signature` = hex SHA-256(client secret + METHOD + URI + raw body).
 * The URI is APP_BASE_URL followed by the request's path and query, so signatures hold
 * behind a proxy that rewrites the host. Digests come from `@hubspot/api-client`'s
 * `Signature.getSignature`; the comparison is ours and constant-time (the SDK's `isValid`
 * uses `===`).
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */

export const MAX_TIMESTAMP_AGE_MS = 5 * 60 * 1000;

export type SignatureCheck = { ok: true; version: "v2" | "v3" } | { ok: false; reason: string };

/**
 * HubSpot URL-decodes these characters in the URI before signing v3 requests
 * (request-validation page, "Validate the v3 request signature").
 */
const V3_DECODED: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
  "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

export const v3Uri = (uri: string) => uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => V3_DECODED[m.toUpperCase()]);

export function verifyHubSpotSignature(
  req: Pick<Request, "method" | "originalUrl" | "get" | "rawBody">,
  clientSecret: string | undefined,
  appBaseUrl: string,
  now = Date.now(),
): SignatureCheck {
  if (!clientSecret) return { ok: false, reason: "no HubSpot client secret is configured" };
  const uri = appBaseUrl + req.originalUrl;
  const requestBody = req.rawBody ? req.rawBody.toString("utf8") : "";
  const v3 = req.get("x-hubspot-signature-v3");
  if (v3 !== undefined) {
    const rawTimestamp = req.get("x-hubspot-request-timestamp") ?? "";
    if (!/^\d{1,16}$/.test(rawTimestamp)) return { ok: false, reason: "missing or malformed X-HubSpot-Request-Timestamp" };
    const timestamp = Number(rawTimestamp);
    // Older than 5 minutes is a replay; far in the future is not a clock HubSpot has.
    if (Math.abs(now - timestamp) > MAX_TIMESTAMP_AGE_MS) return { ok: false, reason: "stale timestamp" };
    const expected = Signature.getSignature(req.method, "v3", {
      signature: v3,
      clientSecret,
      requestBody,
      url: v3Uri(uri),
      timestamp,
    });
    return safeEqual(expected, v3) ? { ok: true, version: "v3" } : { ok: false, reason: "bad v3 signature" };
  }
  const v2 = req.get("x-hubspot-signature");
  if (v2 === undefined) return { ok: false, reason: "unsigned" };
  const expected = Signature.getSignature(req.method, "v2", { signature: v2, clientSecret, requestBody, url: uri });
  return safeEqual(expected, v2.toLowerCase()) ? { ok: true, version: "v2" } : { ok: false, reason: "bad v2 signature" };
}
