import { appendFileSync } from "node:fs";
import path from "node:path";

/**
 * A record of every request the fakes receive, across a whole test run, so the suite
 * can check them all at the end (test/helpers/suite-calls.ts): no legacy HubSpot path,
 * no Zoom endpoint missing from the scope table. Only when FAKE_CALL_LOG_DIR is set (the
 * test run sets it); sandbox mode records nothing.
 *
 * Cheap and bounded: one line per call (`fake<TAB>method<TAB>path`), buffered and
 * appended to one file per process when the buffer fills, shortly after a call (a timer
 * that does not keep the process alive), when a fake stops and when the process exits;
 * memory never holds more than one buffer. The timer matters: a test that never stops
 * its fake still has its calls checked.
 */
export const CALL_LOG_ENV = "FAKE_CALL_LOG_DIR";
const FLUSH_AT = 256;
export const FLUSH_AFTER_MS = 50;

let buffer: string[] = [];
let hooked = false;
let timer: NodeJS.Timeout | undefined;

export function recordFakeCall(fake: string, method: string, requestPath: string) {
  const dir = process.env[CALL_LOG_ENV];
  if (!dir) return;
  if (!hooked) {
    hooked = true;
    process.on("exit", flushFakeCalls);
  }
  // Tabs and newlines cannot appear in a request path (they are percent-encoded).
  buffer.push(`${fake}\t${method}\t${requestPath}\n`);
  if (buffer.length >= FLUSH_AT) flushFakeCalls();
  else timer ??= setTimeout(flushFakeCalls, FLUSH_AFTER_MS).unref();
}

export function flushFakeCalls() {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const dir = process.env[CALL_LOG_ENV];
  if (!dir || buffer.length === 0) return;
  const lines = buffer.join("");
  buffer = [];
  appendFileSync(path.join(dir, `calls-${process.pid}.log`), lines);
}

export interface LoggedCall {
  fake: string;
  method: string;
  path: string;
}

export function parseCallLog(text: string): LoggedCall[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [fake, method, p] = line.split("\t");
      return { fake: fake ?? "", method: method ?? "", path: p ?? "" };
    });
}
