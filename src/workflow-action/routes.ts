import express, { type NextFunction, type Request, type Response } from "express";
import type { z } from "zod";
import { invalidInput } from "../http/invalid-input";
import { AppError } from "../lib/errors";
import { isZoomTransient } from "../zoom/errors";
import { ACTION_PATH, OPTIONS_PATH } from "./definition";
import type { WorkflowActionDeps } from "./deps";
import { executeAddToWebinar } from "./execute";
import { webinarOptions } from "./options";
import { ExecuteActionBody, FetchOptionsBody } from "./schemas";
import { verifyHubSpotSignature } from "./signature";

/**
 * HubSpot → app calls of the "Add contact to Zoom webinar" workflow action
 * (CONTRACT.md §3). Both are signed by HubSpot; anything else is 401 before the body is
 * even looked at.
 */
export function workflowActionRoutes(s: WorkflowActionDeps): express.Router {
  const router = express.Router();
  const signed = requireHubSpotSignature(s);

  router.post(ACTION_PATH, signed, async (req, res) => {
    const body = parse(ExecuteActionBody, req.body);
    const result = await executeAddToWebinar(s, body);
    if (result.kind === "retry-later") {
      res.status(429).set("Retry-After", String(result.retryAfterSeconds)).json({
        error: { code: "TEMPORARILY_UNAVAILABLE", message: `Try again later: ${result.reason}` },
      });
      return;
    }
    res.json({ outputFields: result.output });
  });

  router.post(OPTIONS_PATH, signed, async (req, res) => {
    const body = parse(FetchOptionsBody, req.body);
    try {
      res.json(await webinarOptions(s, body));
    } catch (err) {
      if (err instanceof AppError && /^ZOOM_(NOT_CONNECTED|REAUTHORIZATION_REQUIRED)$/.test(err.code)) {
        res.json({ options: [], searchable: true });
      } else if (isZoomTransient(err)) {
        res.status(429).set("Retry-After", "10").json({ error: { code: "TEMPORARILY_UNAVAILABLE", message: "Zoom is unavailable" } });
      } else {
        throw err;
      }
    }
  });

  return router;
}

function requireHubSpotSignature(s: Pick<WorkflowActionDeps, "config">) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const check = verifyHubSpotSignature(req, s.config.hubspot.clientSecret, s.config.appBaseUrl);
    if (check.ok) return next();
    req.log.warn({ reason: check.reason }, "refused a HubSpot call without a valid signature");
    next(new AppError("INVALID_SIGNATURE", "Missing or invalid HubSpot signature", 401));
  };
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error, { code: "INVALID_BODY", message: "The request body does not match the workflow action's schema" });
}
