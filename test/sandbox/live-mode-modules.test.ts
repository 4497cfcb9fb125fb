import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEmptyPostgresDatabase } from "../helpers/database";
import { startAppProcess } from "../reliability/processes";

/**
 * The fakes (packages/fakes) and the sandbox (src/sandbox) are loaded only when sandbox
 * mode starts (src/runtime.ts imports them dynamically): a live process, with credentials,
 * never has them in memory. Read from Node's module cache of a real app process.
 */
describe("which files an app process loads", () => {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** Starts the app with `env`, waits until it listens, stops it; the files it had loaded. */
  async function loadedFiles(env: NodeJS.ProcessEnv): Promise<string[]> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-modules-"));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const file = path.join(dataDir, "modules.json");
    // A fresh Postgres database when the run has one (quicker to start), else the embedded one.
    const db = process.env.DATABASE_URL ? await createEmptyPostgresDatabase() : undefined;
    if (db) cleanups.push(db.drop);
    const app = startAppProcess("all", {
      DATA_DIR: dataDir,
      LOADED_MODULES_FILE: file,
      NODE_OPTIONS: `--require ${path.resolve("test/helpers/loaded-modules.cjs")}`,
      ...(db && { DATABASE_URL: db.url }),
      ...env,
    });
    // An answer proves the process is past its start (its signal handlers are installed).
    expect((await fetch(`${await app.url()}/healthz`)).status).toBe(200);
    await app.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    return (JSON.parse(fs.readFileSync(file, "utf8")) as string[]).map((f) => path.relative(process.cwd(), f));
  }
  const fakesAndSandbox = (files: string[]) => files.filter((f) => f.startsWith(`packages${path.sep}fakes${path.sep}`) || f.startsWith(path.join("src", "sandbox") + path.sep));

  it("when it starts with credentials (live), then no file of the fakes or the sandbox is loaded", async () => {
    const files = await loadedFiles({
      HUBSPOT_CLIENT_ID: "live-client",
      HUBSPOT_CLIENT_SECRET: "live-secret",
      HUBSPOT_APP_ID: "4242",
      ZOOM_CLIENT_ID: "live-zoom-client",
      ZOOM_CLIENT_SECRET: "live-zoom-secret",
      ZOOM_WEBHOOK_SECRET_TOKEN: "live-zoom-webhook-secret",
    });
    // The check sees the app's own files (else an empty list would prove nothing).
    expect(files).toContain(path.join("src", "runtime.ts"));
    expect(fakesAndSandbox(files)).toEqual([]);
  }, 60000);

  it("when it starts with nothing configured (sandbox), then it loads the fakes and the sandbox", async () => {
    const files = fakesAndSandbox(await loadedFiles({}));
    expect(files).toEqual(expect.arrayContaining([path.join("packages", "fakes", "src", "index.ts"), path.join("src", "sandbox", "sandbox.ts"), path.join("src", "sandbox", "panel.ts")]));
  }, 60000);
});
