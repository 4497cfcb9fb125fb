import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "../lib/logger";
import { redactUrl } from "../lib/logger";

/** A caller's id is kept when it looks like one, so logs can follow a request across hops. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Gives every request an id (header `x-request-id`, echoed back) and a child logger
 * (`req.log`) that stamps the id on every line, and logs one line per response (at debug
 * unless it failed).
 * At level `silent` nothing is ever written, so the id is all there is to give: pino-http
 * would still build two child loggers per request (serializing the request into one)
 * and hook the response, a noticeable share of a small request's CPU.
 */
export function requestContext(logger: Logger) {
  const genReqId = (req: IncomingMessage, res: ServerResponse) => {
    const incoming = req.headers["x-request-id"];
    const id = typeof incoming === "string" && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", id);
    return id;
  };
  if (logger.level === "silent") {
    return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      req.id = req.id || genReqId(req, res);
      req.log = logger;
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId,
    // Every line logged through req.log carries the request id.
    quietReqLogger: true,
    customAttributeKeys: { reqId: "requestId" },
    serializers: {
      // No headers: they hold cookies, signatures and tokens, and say little worth keeping.
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // An answered request is routine (debug, LOG_LEVEL=debug shows them); a refused one a
    // warning, a failed one an error.
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "debug"),
    autoLogging: { ignore: (req) => req.url === "/healthz" },
  });
}
