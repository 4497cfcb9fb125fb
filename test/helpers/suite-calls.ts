import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
// By path, not "@hzw/fakes": jest runs its global setup and teardown outside its module map.
import { CALL_LOG_ENV, parseCallLog, type LoggedCall } from "../../packages/fakes/src/call-log";
import { zoomEndpointFor } from "../../src/zoom/scopes";

/**
 * The suite-wide checks of the calls the fakes received during the whole jest run
 * (issue #11 "done when"; CONTRACT.md §4 and §5):
 *  - no HubSpot path with a legacy `/v1/`…`/v4/` segment, whatever its area;
 *  - every Zoom API call (below `/v2`) is in the endpoint→scope table of
 *    src/zoom/scopes.ts; recording downloads (`/rec/download/…`, ZOOM_DOWNLOAD_SCOPE)
 *    and OAuth (`/oauth/…`) are not API calls of the table.
 * global-setup.ts opens the log directory, global-teardown.ts reads it and fails the run.
 */
const LEGACY = /(^|\/)v[1-4](\/|$)/;

export function offendingCall(call: LoggedCall): string | undefined {
  if (call.fake === "FakeHubSpot") {
    return LEGACY.test(call.path) ? "legacy HubSpot API version (CONTRACT.md §5: date-based versions only)" : undefined;
  }
  if (call.fake === "FakeZoom") {
    if (call.path.startsWith("/oauth/") || call.path.startsWith("/rec/download/")) return undefined;
    if (!call.path.startsWith("/v2/")) return "Zoom path outside the API (/v2) the app may call";
    return zoomEndpointFor(call.method, call.path.slice("/v2".length)) ? undefined : "Zoom endpoint missing from src/zoom/scopes.ts";
  }
  return undefined;
}

/** Each distinct offending call once, with its reason and how often it was made. */
export function offendingCalls(calls: LoggedCall[]): string[] {
  const seen = new Map<string, number>();
  for (const call of calls) {
    const reason = offendingCall(call);
    if (!reason) continue;
    const key = `${call.fake} ${call.method} ${call.path}: ${reason}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].map(([key, n]) => (n > 1 ? `${key} (${n}×)` : key));
}

/** For global-setup: a fresh directory the fakes of every worker append to. */
export function openCallLog(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hzw-fake-calls-"));
  process.env[CALL_LOG_ENV] = dir;
  return dir;
}

/** For global-teardown: every call of the run; the directory is removed. */
export function readCallLog(dir: string): LoggedCall[] {
  const calls: LoggedCall[] = [];
  for (const file of readdirSync(dir)) calls.push(...parseCallLog(readFileSync(path.join(dir, file), "utf8")));
  rmSync(dir, { recursive: true, force: true });
  return calls;
}

/**
 * Runs a deliberate probe of a fake (a test that the fake refuses a legacy path) outside
 * the run's call log: such requests are the test's, not the app's. Nothing else may run
 * meanwhile in the test file.
 */
export async function withoutCallLog<T>(probe: () => Promise<T>): Promise<T> {
  const dir = process.env[CALL_LOG_ENV];
  Reflect.deleteProperty(process.env, CALL_LOG_ENV);
  try {
    return await probe();
  } finally {
    if (dir !== undefined) process.env[CALL_LOG_ENV] = dir;
  }
}
