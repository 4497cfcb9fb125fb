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

/**
 * Deepest nesting of arrays and objects a JSON body may have. Nothing the app receives
 * (Zoom's and HubSpot's events, the settings API, the workflow action) goes deeper than
 * about 6; a body nested 100,000 deep would overflow the stack of whatever recurses
 * into it (validation, re-serialisation) and end as a 500.
 */
export const MAX_JSON_DEPTH = 64;

/** Paths that speak JSON only; a body of another type is refused there. */
export const isApiPath = (path: string) => /^\/(api|webhooks|hubspot|healthz)(\/|$)/.test(path);

/**
 * How deep `[` and `{` nest in a JSON text, counted on the bytes without parsing (so
 * without recursion), stopping as soon as `limit` is passed. Brackets inside strings do
 * not count; a backslash escapes the next byte there. Multi-byte UTF-8 sequences never
 * contain these ASCII bytes, so a byte scan is exact.
 */
export function exceedsJsonDepth(buf: Buffer, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** JSON bodies up to 1 MB and 64 levels deep, keeping the raw bytes. */
export const jsonBody = express.json({
  limit: MAX_BODY_BYTES,
  type: ["application/json", "application/*+json"],
  verify: (req, _res, buf) => {
    // Before JSON.parse and everything after it: a 400 naming the problem, nothing done.
    // (The body parser passes an AppError on to the error handler as it is.)
    if (exceedsJsonDepth(buf)) throw new AppError("JSON_TOO_DEEP", `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, 400);
    req.rawBody = buf;
  },
});

/** HTML forms of the settings pages. */
export const formBody = express.urlencoded({ extended: false, limit: "100kb" });

/**
 * A body announced larger than the limit is refused at once (413), before a byte of it
 * is read: the body parser would otherwise drain it all before answering. The
 * connection is closed after the answer so the rest of the body is never read either.
 */
export function refuseOversizedBodies(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > MAX_BODY_BYTES) {
    res.set("Connection", "close");
    return next(new AppError("BODY_TOO_LARGE", "The request body is larger than 1 MB", 413));
  }
  next();
}

/** On JSON paths, a request that carries a body must say it is JSON. */
export function requireJsonOnApiPaths(req: Request, _res: Response, next: NextFunction): void {
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
