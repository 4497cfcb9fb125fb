import { Signature } from "@hubspot/api-client";
import type { Request } from "express";
import { safeEqual } from "../lib/crypto";

/**
 * HubSpot's v3 request signature, on every request HubSpot sends us (workflow action,
 * its options, webhooks; reference §A6):
 * `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(client secret,
 * METHOD + URI + raw body + `X-HubSpot-Request-Timestamp`), timestamp (ms) ≤ 5 minutes old.
 * The URI is APP_BASE_URL followed by the request's path and query, so signatures hold
 * behind a proxy that rewrites the host. The digest comes from `@hubspot/api-client`'s
 * `Signature.getSignature`; the comparison is ours and constant-time (the SDK's
 * `isValid` uses `===`).
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */

export const MAX_TIMESTAMP_AGE_MS = 5 * 60 * 1000;

export type V3Check = { ok: true } | { ok: false; reason: string };

export type SignedRequest = Pick<Request, "method" | "originalUrl" | "get" | "rawBody">;

/**
 * HubSpot URL-decodes these characters in the URI before signing v3 requests
 * (request-validation page, "Validate the v3 request signature"). Not confirmed (README
 * "Known unknowns"): the exact list (the reference could not retrieve it whole); the
 * SDK's own check decodes nothing.
 */
const V3_DECODED: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
  "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

export const v3Uri = (uri: string) => uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => V3_DECODED[m.toUpperCase()] ?? m);

/** The URI HubSpot signed: our public base URL, then the path and query it called. */
export const signedUri = (req: Pick<Request, "originalUrl">, appBaseUrl: string) => appBaseUrl + req.originalUrl;

export const requestBodyOf = (req: Pick<Request, "rawBody">) => (req.rawBody ? req.rawBody.toString("utf8") : "");

/** Checks `X-HubSpot-Signature-v3`; a request without it is "unsigned". */
export function verifyHubSpotV3(req: SignedRequest, clientSecret: string | undefined, appBaseUrl: string, now = Date.now()): V3Check {
  if (!clientSecret) return { ok: false, reason: "no HubSpot client secret is configured" };
  const v3 = req.get("x-hubspot-signature-v3");
  if (v3 === undefined) return { ok: false, reason: "unsigned" };
  const rawTimestamp = req.get("x-hubspot-request-timestamp") ?? "";
  if (!/^\d{1,16}$/.test(rawTimestamp)) return { ok: false, reason: "missing or malformed X-HubSpot-Request-Timestamp" };
  const timestamp = Number(rawTimestamp);
  // Older than 5 minutes is a replay; far in the future is not a clock HubSpot has.
  if (Math.abs(now - timestamp) > MAX_TIMESTAMP_AGE_MS) return { ok: false, reason: "stale timestamp" };
  const expected = Signature.getSignature(req.method, "v3", {
    signature: v3,
    clientSecret,
    requestBody: requestBodyOf(req),
    url: v3Uri(signedUri(req, appBaseUrl)),
    timestamp,
  });
  return safeEqual(expected, v3) ? { ok: true } : { ok: false, reason: "bad v3 signature" };
}
