import type { NextFunction, Request, Response } from "express";
import type { Config } from "../config";
import { MAX_TIMESTAMP_AGE_MS } from "../hubspot/signature";
import { HUBSPOT_WEBHOOK_PATH } from "../hubspot/webhook-subscriptions";
import { ZOOM_WEBHOOK_PATH } from "../http/public-paths";
import { AppError } from "../lib/errors";
import { checkZoomSignatureHeaders, zoomSignatureMessage } from "./signature";

/**
 * The webhook endpoints (and the workflow action's) are open to anyone: before their body is read (up to 1 MB),
 * what the signature headers alone can tell is checked, so a request that could never
 * be accepted is refused with 401 at once and its body is never read (the connection is
 * closed after the answer). The full signature check over the body follows in the
 * routes (src/webhooks/routes.ts, src/hubspot-webhooks/routes.ts).
 * Mounted before the body parsers (src/app.ts), which names the workflow action's paths
 * (`actionPaths`, signed by HubSpot like its webhooks).
 */
export function refuseUnsignedWebhooks(config: Config, actionPaths: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== "POST") return next();
    let refusal: string | undefined;
    let message = "";
    if (req.path === ZOOM_WEBHOOK_PATH) {
      const check = checkZoomSignatureHeaders({
        secret: config.zoom.webhookSecretToken,
        signature: req.get("x-zm-signature"),
        timestamp: req.get("x-zm-request-timestamp"),
      });
      if (!check.ok) [refusal, message] = [check.reason, zoomSignatureMessage(check.reason)];
    } else if (req.path === HUBSPOT_WEBHOOK_PATH) {
      refusal = hubspotHeadersRefusal(req, config.hubspot.clientSecret);
      if (refusal) message = `HubSpot webhook refused: ${refusal}`;
    } else if (actionPaths.includes(req.path)) {
      // The workflow action accepts v2 (no timestamp) when v3 is absent
      // (src/workflow-action/signature.ts): only "no signature at all" is certain here.
      refusal =
        req.get("x-hubspot-signature-v3") !== undefined
          ? hubspotHeadersRefusal(req, config.hubspot.clientSecret)
          : req.get("x-hubspot-signature") === undefined
            ? "unsigned"
            : undefined;
      if (refusal) message = "Missing or invalid HubSpot signature";
    }
    if (!refusal) return next();
    req.log.warn({ reason: refusal }, "webhook refused before its body was read");
    res.set("Connection", "close");
    next(new AppError("INVALID_SIGNATURE", message, 401));
  };
}

/**
 * HubSpot's v3 headers (src/hubspot/signature.ts checks the digest): the signature is
 * base64 of a SHA-256 HMAC (44 characters), the timestamp in milliseconds within 5
 * minutes.
 */
function hubspotHeadersRefusal(req: Request, clientSecret: string | undefined, now = Date.now()): string | undefined {
  if (!clientSecret) return "no HubSpot client secret is configured";
  const v3 = req.get("x-hubspot-signature-v3");
  if (v3 === undefined) return "unsigned";
  const rawTimestamp = req.get("x-hubspot-request-timestamp") ?? "";
  if (!/^\d{1,16}$/.test(rawTimestamp)) return "missing or malformed X-HubSpot-Request-Timestamp";
  if (Math.abs(now - Number(rawTimestamp)) > MAX_TIMESTAMP_AGE_MS) return "stale timestamp";
  if (!/^[A-Za-z0-9+/]{43}=$/.test(v3)) return "bad v3 signature";
  return undefined;
}
