import { Signature } from "@hubspot/api-client";
import type { Request } from "express";
import { requestBodyOf, signedUri, verifyHubSpotV3 } from "../hubspot/signature";
import { safeEqual } from "../lib/crypto";

/**
 * HubSpot's request signatures on calls to our action URLs (reference §A6): v3 when
 * `X-HubSpot-Signature-v3` is present (src/hubspot/signature.ts), otherwise v2
 * `X-HubSpot-Signature` = hex SHA-256(client secret + METHOD + URI + raw body), for
 * requests of older action definitions. (The webhook endpoint accepts v3 only.)
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */

export { MAX_TIMESTAMP_AGE_MS, v3Uri } from "../hubspot/signature";

export type SignatureCheck = { ok: true; version: "v2" | "v3" } | { ok: false; reason: string };

export function verifyHubSpotSignature(
  req: Pick<Request, "method" | "originalUrl" | "get" | "rawBody">,
  clientSecret: string | undefined,
  appBaseUrl: string,
  now = Date.now(),
): SignatureCheck {
  if (!clientSecret) return { ok: false, reason: "no HubSpot client secret is configured" };
  if (req.get("x-hubspot-signature-v3") !== undefined) {
    const v3 = verifyHubSpotV3(req, clientSecret, appBaseUrl, now);
    return v3.ok ? { ok: true, version: "v3" } : v3;
  }
  const v2 = req.get("x-hubspot-signature");
  if (v2 === undefined) return { ok: false, reason: "unsigned" };
  const expected = Signature.getSignature(req.method, "v2", {
    signature: v2,
    clientSecret,
    requestBody: requestBodyOf(req),
    url: signedUri(req, appBaseUrl),
  });
  return safeEqual(expected, v2.toLowerCase()) ? { ok: true, version: "v2" } : { ok: false, reason: "bad v2 signature" };
}
