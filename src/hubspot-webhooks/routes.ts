import { Router } from "express";
import { verifyHubSpotV3 } from "../hubspot/signature";
import { HUBSPOT_WEBHOOK_PATH } from "../hubspot/webhook-subscriptions";
import { invalidInput } from "../http/invalid-input";
import { AppError } from "../lib/errors";
import type { Config } from "../config";
import type { Database } from "../db/database";
import type { JobQueue } from "../queue/queue";
import { NUL_ESCAPE } from "../webhooks/envelope";
import { HubSpotWebhookBody } from "./events";
import { recordHubSpotEvents } from "./record";

/**
 * POST /webhooks/hubspot (CONTRACT.md §3 "HubSpot webhooks"): verify (v3 only) →
 * validate → record → 204. Nothing is applied here; a job does it (./process.ts).
 * A bad signature is 401 and a bad body 400, both before anything is written, and
 * HubSpot does not retry either.
 */
export interface HubSpotWebhookDeps {
  /** The app's client secret signs HubSpot's requests; the app's base URL is part of what is signed. */
  config: Pick<Config, "hubspot" | "appBaseUrl">;
  db: Database;
  queue: JobQueue;
}

export function hubspotWebhookRoutes(s: HubSpotWebhookDeps): Router {
  const router = Router();

  router.post(HUBSPOT_WEBHOOK_PATH, async (req, res) => {
    const check = verifyHubSpotV3(req, s.config.hubspot.clientSecret, s.config.appBaseUrl);
    if (!check.ok) {
      req.log.warn({ reason: check.reason }, "HubSpot webhook refused");
      throw new AppError("INVALID_SIGNATURE", `HubSpot webhook refused: ${check.reason}`, 401);
    }
    const text = req.rawBody?.toString("utf8") ?? "";
    if (!text) throw new AppError("MALFORMED_EVENT", "body: a JSON array of events is required", 400);
    if (NUL_ESCAPE.test(text)) throw new AppError("MALFORMED_EVENT", "body: NUL characters (\\u0000) are not accepted", 400);
    const body = HubSpotWebhookBody.safeParse(req.body);
    if (!body.success) throw invalidInput(body.error, { code: "MALFORMED_EVENT", at: "body" });

    const raw = req.body as unknown[];
    const { recorded } = await recordHubSpotEvents(s, body.data.map((event, i) => ({ event, raw: raw[i] })));
    req.log.debug({ events: body.data.length, recorded }, "HubSpot webhook recorded");
    res.status(204).end();
  });

  return router;
}
