import { Router, type Request } from "express";
import type { Config } from "../config";
import type { Database } from "../db/database";
import { ZOOM_WEBHOOK_PATH } from "../http/public-paths";
import { AppError } from "../lib/errors";
import type { Logger } from "../lib/logger";
import type { JobQueue } from "../queue/queue";
import { MalformedEvent, readIntakeEvent } from "./envelope";
import { WebhookRecorder } from "./record";
import { urlValidationAnswer, verifyZoomSignature, zoomSignatureMessage } from "./signature";

/**
 * POST /webhooks/zoom (CONTRACT.md §3): verify → record → acknowledge. Nothing is
 * processed here; Zoom wants an answer within 3 seconds, and a recorded event is
 * processed by a job (src/webinars) that can retry.
 */
export function webhookRoutes(s: { config: Pick<Config, "zoom">; logger: Logger; db: Database; queue: Pick<JobQueue, "enqueue"> }): Router {
  const router = Router();
  const log = s.logger.child({ area: "webhooks" });
  const recorder = new WebhookRecorder(s);

  router.post(ZOOM_WEBHOOK_PATH, async (req, res) => {
    const check = verifyZoomSignature({
      secret: s.config.zoom.webhookSecretToken,
      signature: req.get("x-zm-signature"),
      timestamp: req.get("x-zm-request-timestamp"),
      rawBody: req.rawBody,
    });
    if (!check.ok) {
      req.log.warn({ reason: check.reason }, "Zoom webhook refused");
      throw new AppError("INVALID_SIGNATURE", zoomSignatureMessage(check.reason), 401);
    }

    let event;
    try {
      event = readIntakeEvent(req.body, req.rawBody ?? Buffer.alloc(0));
    } catch (err) {
      if (err instanceof MalformedEvent) throw new AppError("MALFORMED_EVENT", err.message, 400);
      throw err;
    }
    if (event.kind === "url_validation") {
      res.status(200).json(urlValidationAnswer(s.config.zoom.webhookSecretToken, event.plainToken));
      return;
    }

    const { recorded } = await recorder.record(event, trackingIdOf(req), req.rawBody ?? Buffer.alloc(0));
    if (!recorded) log.debug({ event: event.type }, "Zoom webhook redelivery ignored");
    if (!event.handled) {
      res.status(200).json({ status: "ignored" });
      return;
    }
    res.status(204).end();
  });

  return router;
}

const trackingIdOf = (req: Request) => {
  const id = req.get("x-zm-trackingid");
  return id && id.length <= 200 ? id : undefined;
};
