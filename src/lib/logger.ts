import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log object. Request/response
 * serializers put headers under req/res; the rest catches tokens and secrets that
 * code might log by mistake (OAuth answers, connection rows, errors with bodies).
 */
const SECRET_KEYS = [
  "authorization",
  "cookie",
  "set-cookie",
  "x-csrf-token",
  "x-hubspot-signature",
  "x-hubspot-signature-v3",
  "x-zm-signature",
  "access_token",
  "refresh_token",
  "accessToken",
  "refreshToken",
  "id_token",
  "client_secret",
  "clientSecret",
  "secret",
  "password",
  "token",
  "plainToken",
  "encryptedToken",
  "download_token",
];

export const REDACT_PATHS = [
  ...SECRET_KEYS.map((k) => `req.headers["${k}"]`),
  ...SECRET_KEYS.map((k) => `res.headers["${k}"]`),
  ...SECRET_KEYS.map((k) => `["${k}"]`),
  ...SECRET_KEYS.map((k) => `*["${k}"]`),
];

/** Strips OAuth codes and states from a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:code|state|token|access_token|refresh_token|hapikey)=)[^&#]*/gi, "$1[Redacted]");
}

export type LogFormat = "pretty" | "json";

/**
 * Readable lines for a person watching a terminal; one JSON object per line for anything
 * else (a file, a pipe, a log collector, CI).
 */
export function logFormatFor(stream: { isTTY?: boolean }): LogFormat {
  return stream.isTTY ? "pretty" : "json";
}

export function createLogger(options: { level: string; destination?: pino.DestinationStream; format?: LogFormat }): Logger {
  const destination = options.format === "pretty" ? prettyStream(options.destination) : options.destination;
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: "[Redacted]" },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/**
 * pino-pretty as a stream in this thread rather than a transport's worker thread
 * (https://github.com/pinojs/pino-pretty#usage-with-pino): written synchronously, so the
 * last line before process.exit is never lost. Colours only on the terminal itself.
 */
function prettyStream(destination?: pino.DestinationStream): pino.DestinationStream {
  return pretty({
    destination: destination ?? 1,
    sync: true,
    colorize: destination === undefined ? pretty.isColorSupported : false,
    translateTime: "SYS:HH:MM:ss",
    singleLine: true,
  });
}
