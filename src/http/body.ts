import type { NextFunction, Request, Response } from "express";
import express from "express";
import { AppError } from "../lib/errors";

declare module "http" {
  interface IncomingMessage {
    /** The exact bytes of a JSON body, for signature checks (Zoom, HubSpot). */
    rawBody?: Buffer;
  }
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Paths that speak JSON only; a body of another type is refused there. */
export const isApiPath = (path: string) => /^\/(api|webhooks|hubspot|healthz)(\/|$)/.test(path);

/** JSON bodies up to 1 MB, keeping the raw bytes. */
export const jsonBody = express.json({
  limit: MAX_BODY_BYTES,
  type: ["application/json", "application/*+json"],
  verify: (req, _res, buf) => {
    req.rawBody = buf;
  },
});

/** HTML forms of the settings pages. */
export const formBody = express.urlencoded({ extended: false, limit: "100kb" });

/** On JSON paths, a request that carries a body must say it is JSON. */
export function requireJsonOnApiPaths(req: Request, _res: Response, next: NextFunction) {
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (hasBody && isApiPath(req.path) && !req.is(["application/json", "application/*+json"])) {
    return next(
      new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        `Expected Content-Type application/json, got ${req.headers["content-type"] ?? "none"}`,
        415,
      ),
    );
  }
  next();
}
