import { CALL_LOG_ENV } from "../../src/sandbox/call-log";
import { offendingCalls, readCallLog } from "./suite-calls";

/**
 * Fails the run (jest exits non-zero) when any test made the app call a legacy HubSpot
 * path or a Zoom endpoint missing from the scope table (test/helpers/suite-calls.ts).
 */
export default async function globalTeardown() {
  const dir = process.env[CALL_LOG_ENV];
  if (!dir) return;
  const calls = readCallLog(dir);
  const offending = offendingCalls(calls);
  if (offending.length) {
    throw new Error(`Calls to the fakes that break CONTRACT.md §4/§5 (${offending.length} of ${calls.length} checked):\n  ${offending.join("\n  ")}`);
  }
}
