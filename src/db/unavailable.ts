/**
 * "The database cannot be reached right now" (a connection refused, dropped or
 * terminated: a failover, a restart, `pg_terminate_backend`, an idle timeout), told
 * apart from errors of the query itself. Requests that meet it answer 503 (a retry
 * shortly will work); a pooled connection that met it is destroyed, not reused.
 *
 * Errors reach us from three drivers: `pg` (SQLSTATE `code`, or a plain Error such as
 * "Connection terminated unexpectedly"), Prisma over @prisma/adapter-pg (a `P1xxx`
 * code, or the adapter's `kind` / `originalCode` somewhere below `cause` or `meta`),
 * and Node's sockets (`ECONNREFUSED`…). So the whole error is searched, a few levels deep.
 */

/** SQLSTATEs of a lost or refused connection: class 08, operator intervention 57P0x, too many connections. */
const SQLSTATES = /^(08\d{3}|08P01|57P0[1-4]|53300)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Prisma: can't reach, timed out, closed, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** @prisma/adapter-pg's error kinds for the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGES =
  /Connection terminated|not queryable|terminating connection|timeout exceeded when trying to connect|Connection ended|Can't reach database server|Server has closed the connection|the database system is (starting up|shutting down|in recovery mode)|Client was closed and is not queryable|is not currently accepting connections/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (!value || typeof value !== "object" || depth > 6 || seen.has(value)) return false;
    seen.add(value);
    const e = value as Record<string, unknown>;
    const code = typeof e.code === "string" ? e.code : undefined;
    if (code && (SQLSTATES.test(code) || SOCKET_CODES.has(code) || PRISMA_CODES.has(code))) return true;
    if (typeof e.originalCode === "string" && SQLSTATES.test(e.originalCode)) return true;
    if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
    if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
    return ["cause", "meta", "driverAdapterError", "originalError"].some((key) => visit(e[key], depth + 1));
  };
  return visit(err, 0);
}
