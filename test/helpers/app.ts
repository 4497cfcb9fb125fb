import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createApp } from "../../src/app";
import { loadConfig, type Config } from "../../src/config";
import type { Database } from "../../src/db/database";
import { createLogger, type Logger } from "../../src/lib/logger";

/** Log lines written during a test, parsed, for assertions on what is (not) logged. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      const text = chunk.toString();
      this.raw.push(text);
      for (const line of text.split("\n").filter(Boolean)) this.lines.push(JSON.parse(line));
      done();
    },
  });
  text() {
    return this.raw.join("");
  }
}

export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ LOG_LEVEL: "info", PORT: "0", DATA_DIR: "/nonexistent", ...env });
}

export interface TestApp {
  url: string;
  config: Config;
  logger: Logger;
  logs: LogCapture;
  close(): Promise<void>;
}

/** The real app on an ephemeral port, logging into memory. */
export async function startTestApp(db: Database, env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const logs = new LogCapture();
  const config = testConfig(env);
  const logger = createLogger({ level: "info", destination: logs.stream });
  const server = http.createServer(createApp({ config, db, logger }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    logger,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
