import type { NextFunction, Request, Response } from "express";
import { isDatabaseUnavailable } from "../db/unavailable";
import { AppError } from "../lib/errors";
import { isApiPath } from "./body";

/** Errors thrown by Express's body parser carry these. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

const PARSER_ERRORS: Record<string, { code: string; message: string }> = {
  "entity.parse.failed": { code: "MALFORMED_JSON", message: "The request body is not valid JSON" },
  "entity.too.large": { code: "BODY_TOO_LARGE", message: "The request body is larger than 1 MB" },
  "encoding.unsupported": { code: "UNSUPPORTED_ENCODING", message: "Unsupported content encoding" },
  "charset.unsupported": { code: "UNSUPPORTED_CHARSET", message: "Unsupported charset" },
  "request.aborted": { code: "REQUEST_ABORTED", message: "The request was aborted" },
};

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as HttpishError;
  const status = e.status ?? e.statusCode;
  const known = e.type ? PARSER_ERRORS[e.type] : undefined;
  if (known && status) {
    return new AppError(known.code, known.message, status);
  }
  if (status && status >= 400 && status < 500 && e.expose) {
    return new AppError("BAD_REQUEST", (err as Error).message, status);
  }
  // A lost or refused database connection (failover, restart, terminated backend): the
  // request did not happen, and the same request shortly will work. For Zoom's webhook
  // a non-2xx answer is what makes Zoom deliver it again.
  if (isDatabaseUnavailable(err)) {
    return new AppError("DATABASE_UNAVAILABLE", "The database is unavailable right now; try again in a few seconds", 503, undefined, { cause: err });
  }
  return new AppError("INTERNAL", "Something went wrong on our side", 500, undefined, { cause: err });
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction) {
  next(new AppError("NOT_FOUND", `No route for ${req.method} ${req.path}`, 404));
}

/**
 * The one error handler: JSON `{error:{code,message,details?,requestId}}` on API
 * paths (or when the client asks for JSON), an HTML page elsewhere. Internals of a
 * 500 are logged, never sent.
 */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
  const appError = toAppError(err);
  const requestId = typeof req.id === "string" ? req.id : "";
  // req.log is absent when requestContext is not mounted (a test app with this handler alone).
  const log = req.log as typeof req.log | undefined;
  if (appError.code === "DATABASE_UNAVAILABLE") log?.warn({ err: (err as Error | undefined)?.message }, "request failed: database unavailable");
  else if (appError.status >= 500) log?.error({ err }, "request failed");
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(appError.status);
  if (appError.code === "DATABASE_UNAVAILABLE") res.set("Retry-After", "5");
  const wantsJson = isApiPath(req.path) || (!req.accepts("html") && req.accepts("json"));
  const fieldErrors = (appError.details as { errors?: unknown } | undefined)?.errors;
  if (wantsJson && appError.code === "VALIDATION" && Array.isArray(fieldErrors)) {
    // Field errors of a request body (src/http/invalid-input.ts): `{errors:[{path,message}]}` (CONTRACT.md §3).
    res.json({ errors: fieldErrors });
    return;
  }
  if (wantsJson) {
    res.json({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details !== undefined && { details: appError.details }),
        requestId,
      },
    });
    return;
  }
  res.render("error", { status: appError.status, message: appError.message, requestId });
}
