import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { requestContext } from "../../src/http/request-context";
import { createLogger, logFormatFor } from "../../src/lib/logger";
import { LogCapture } from "../helpers/app";

describe("log format", () => {
  it("when stdout is a terminal, then logs are pretty; a file, a pipe or CI gets JSON", () => {
    expect(logFormatFor({ isTTY: true })).toBe("pretty");
    expect(logFormatFor({ isTTY: false })).toBe("json");
    expect(logFormatFor({})).toBe("json");
  });

  it("when pretty, then a line reads as text with its level, message and fields, and secrets are still redacted", () => {
    let line = "";
    const out = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        line += chunk.toString();
        done();
      },
    });
    createLogger({ level: "info", format: "pretty", destination: out }).info({ port: 3000, refresh_token: "rt-secret-1" }, "Open http://localhost:3000");
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: Open http:\/\/localhost:3000 .*"port":3000/);
    expect(line).not.toContain("rt-secret-1");
  });

  it("when JSON, then each line is one JSON object", () => {
    const logs = new LogCapture();
    createLogger({ level: "info", format: "json", destination: logs.stream }).info({ port: 3000 }, "hello");
    expect(logs.lines).toEqual([expect.objectContaining({ level: 30, msg: "hello", port: 3000 })]);
  });
});

describe("request logs", () => {
  async function serve(level: string) {
    const logs = new LogCapture();
    const app = express();
    app.use(requestContext(createLogger({ level, destination: logs.stream })));
    app.get("/ok", (_req, res) => res.send("ok"));
    app.get("/boom", (_req, res) => res.status(500).send("boom"));
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = (p: string) => fetch(`${base}${p}`, { headers: { cookie: "sid=cookie-secret", "x-custom": "seen" } }).then((r) => r.text());
    return { logs, get, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it("when a request is answered, then its line is at debug, with method, path and status but no headers", async () => {
    const app = await serve("debug");
    await app.get("/ok?code=oauth-code-1");
    await app.close();
    const line = app.logs.lines.find((l) => (l.req as { url?: string } | undefined)?.url?.startsWith("/ok"));
    expect(line).toMatchObject({ level: 20, req: { method: "GET", url: "/ok?code=[Redacted]" }, res: { statusCode: 200 } });
    expect(line!.req).not.toHaveProperty("headers");
    expect(app.logs.text()).not.toMatch(/cookie-secret|seen|oauth-code-1/);
  });

  it("when the level is info (the default), then answered requests write nothing and failed ones an error", async () => {
    const app = await serve("info");
    await app.get("/ok");
    await app.get("/nowhere");
    await app.get("/boom");
    await app.close();
    expect(app.logs.lines.map((l) => [l.level, (l.req as { url: string }).url])).toEqual([
      [40, "/nowhere"],
      [50, "/boom"],
    ]);
  });
});
