import { setTimeout as sleep } from "node:timers/promises";
// By path, not "@hzw/fakes": jest runs its global setup and teardown outside its module map.
import { CALL_LOG_ENV, FLUSH_AFTER_MS } from "../../packages/fakes/src/call-log";
import { offendingCalls, readCallLog } from "./suite-calls";

/**
 * Fails the run (jest exits non-zero) when any test made the app call a legacy HubSpot
 * path or a Zoom endpoint missing from the scope table (test/helpers/suite-calls.ts).
 */
export default async function globalTeardown() {
  const dir = process.env[CALL_LOG_ENV];
  if (!dir) return;
  // A run in band shares this process with the tests: let a fake's pending flush (a test
  // that never stopped its fake) land first.
  await sleep(FLUSH_AFTER_MS * 3);
  const calls = readCallLog(dir);
  const offending = offendingCalls(calls);
  if (offending.length) {
    throw new Error(`Calls to the fakes that break CONTRACT.md §4/§5 (${offending.length} of ${calls.length} checked):\n  ${offending.join("\n  ")}`);
  }
}
