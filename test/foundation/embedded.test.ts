import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";

describe("embedded database (PGlite under DATA_DIR)", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-embedded-"));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("when reopened, then rows written before are still there and migrations are not re-applied", async () => {
    const first = await openDatabase({ dataDir });
    expect((await migrate(first.sql)).length).toBeGreaterThan(0);
    await first.prisma.portal.create({ data: { id: 42n, installedByUserId: 7n, scopes: ["oauth"] } });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrate(second.sql)).toEqual([]);
      const portal = await second.prisma.portal.findUnique({ where: { id: 42n } });
      expect(portal?.scopes).toEqual(["oauth"]);
    } finally {
      await second.close();
    }
  });

  it("when another live process holds DATA_DIR, then opening fails with a clear error", async () => {
    // A real other process that is alive while we try.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      fs.writeFileSync(path.join(dataDir, "pglite.lock"), String(other.pid));
      await expect(openDatabase({ dataDir })).rejects.toThrow(`in use by process ${String(other.pid)}`);
      expect(fs.readFileSync(path.join(dataDir, "pglite.lock"), "utf8")).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it("when the lock was left by a process that died, then it is taken over", async () => {
    fs.writeFileSync(path.join(dataDir, "pglite.lock"), "999999999");
    const db = await openDatabase({ dataDir });
    expect(fs.readFileSync(path.join(dataDir, "pglite.lock"), "utf8")).toBe(String(process.pid));
    await db.close();
    expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  });
});
