import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

/** Starts `src/main.ts` as its own process on the embedded database and waits until it listens. */
async function startMain(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  // Node itself with tsx's loader: the tsx wrapper would run the app in a child of its own
  // and SIGKILL it when that child does not acknowledge a relayed SIGTERM within 30 ms
  // (exit 143 on a busy machine), which is not what this test is about.
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info", ...env },
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${output}`)), 90_000);
    child.stdout.on("data", () => {
      const line = startLine(output);
      if (line) {
        clearTimeout(timer);
        resolve(line.url as string);
      }
    });
    child.once("exit", () => reject(new Error(`exited early: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Answering /healthz means main() has run past its start line and installed its signal
  // handlers (on a busy machine the line can reach us first).
  for (let ok = false; !ok; ) {
    ok = await fetch(`http://127.0.0.1:${new URL(url).port}/healthz`).then((r) => r.ok, () => false);
    if (!ok) await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, exited, output: () => output };
}

/** The line that says where to open the app (JSON: the child's stdout is a pipe). */
function startLine(output: string): Record<string, unknown> | undefined {
  const line = output.split("\n").find((l) => l.includes('"msg":"Open '));
  return line === undefined ? undefined : JSON.parse(line);
}

describe("the process (src/main.ts)", () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-main-"))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("when SIGTERM arrives mid-request, then the request is answered, the process exits 0 and frees DATA_DIR", async () => {
    const app = await startMain(dataDir);
    expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(true);

    // A request whose body is still arriving when the signal comes.
    const { port } = new URL(app.url);
    const answered = new Promise<number>((resolve, reject) => {
      const req = http.request(
        { port, path: "/webhooks/slow-body", method: "POST", headers: { "content-type": "application/json", "content-length": 14 } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write('{"half":');
      // Time for the child to have read the headers (a busy CI machine is slow).
      setTimeout(() => {
        app.child.kill("SIGTERM");
        setTimeout(() => req.end('"way"}'), 300);
      }, 1000);
    });

    expect(await answered.catch((err: unknown) => `${(err as Error).message}\n${app.output()}`)).toBe(404);
    expect(await app.exited).toBe(0);
    expect(app.output()).toMatch(/"msg":"stopped"/);
    expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  }, 120_000);

  it("when it runs in sandbox mode with HOST unset, then it listens on loopback only, and its simulated authorize pages send codes nowhere else", async () => {
    const app = await startMain(dataDir);
    expect(startLine(app.output())!.address).toMatchObject({ address: "127.0.0.1", family: "IPv4" });

    for (const [service, clientId] of [["hubspot", "sandbox-hubspot-app"], ["zoom", "sandbox-zoom-app"]] as const) {
      const query = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: `https://attacker.example/oauth/${service}/callback`, state: "s", decision: "approve" });
      const res = await fetch(`${app.url}/sandbox/${service}/oauth/authorize?${query.toString()}`, { redirect: "manual" });
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
    }
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
  }, 120_000);

  it("when it starts in sandbox mode, then one info line says which address to open and that HubSpot and Zoom are simulated, and nothing is said to be off", async () => {
    const app = await startMain(dataDir);
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    const { port } = new URL(app.url);
    expect(startLine(app.output())).toMatchObject({ level: 30, msg: `Open http://localhost:${port} — sandbox mode (simulated HubSpot and Zoom)` });
    const lines = app.output().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.map((l) => l.msg).join("\n")).not.toMatch(/\boff\b/);
  }, 120_000);

  it("when variables of the legacy HubSpot app are still set, then the start log names them (never their values) and the app starts", async () => {
    const app = await startMain(dataDir, {
      HUBSPOT_DEVELOPER_API_KEY: "legacy-key-0123456789",
      HUBSPOT_TIMELINE_TEMPLATE_ATTENDANCE: "tpl-legacy-1102",
    });
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    const warning = app.output().split("\n").find((line) => line.includes("No longer used"));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, variables: ["HUBSPOT_DEVELOPER_API_KEY", "HUBSPOT_TIMELINE_TEMPLATE_ATTENDANCE"] });
    expect(app.output()).not.toContain("legacy-key-0123456789");
    expect(app.output()).not.toContain("tpl-legacy-1102");
  }, 120_000);
});
