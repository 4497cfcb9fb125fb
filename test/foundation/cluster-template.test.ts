import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { clusterTemplateDir, seedFromClusterTemplate } from "../../src/db/cluster-template";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";

// What `npm install` runs (scripts/postinstall.js) to prepare the cluster.
const installScript = require("../../scripts/cluster-template") as {
  clusterTemplateDir(): string;
  prepareClusterTemplate(dir: string): Promise<boolean>;
};

describe("the embedded database's cluster prepared at install", () => {
  let work: string;
  let template: string;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-cluster-"));
    template = path.join(work, "template");
    expect(await installScript.prepareClusterTemplate(template)).toBe(true);
    // A mark that only a database copied from this template can have.
    const marked = await PGlite.create({ dataDir: template });
    await marked.exec("CREATE TABLE made_at_install (id int)");
    await marked.close();
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("when npm install and the app look for it, then they look in the same folder", () => {
    expect(installScript.clusterTemplateDir()).toBe(clusterTemplateDir());
  });

  it("when it is prepared again, then the existing cluster is kept", async () => {
    expect(await installScript.prepareClusterTemplate(template)).toBe(false);
  });

  it("when a fresh DATA_DIR is opened, then its database is a copy of the cluster, migrates, keeps rows, and the cluster stays unchanged", async () => {
    const dataDir = path.join(work, "data");
    expect(seedFromClusterTemplate(path.join(dataDir, "pglite"), template)).toBe(true);
    const db = await openDatabase({ dataDir });
    try {
      expect(await db.sql.query("SELECT to_regclass('made_at_install') IS NOT NULL AS copied")).toEqual([{ copied: true }]);
      expect((await migrate(db.sql)).length).toBeGreaterThan(0);
      await db.prisma.portal.create({ data: { id: 7n, installedByUserId: 1n, scopes: ["oauth"] } });
    } finally {
      await db.close();
    }
    const again = await openDatabase({ dataDir });
    try {
      expect(await migrate(again.sql)).toEqual([]);
      expect((await again.prisma.portal.findUnique({ where: { id: 7n } }))?.scopes).toEqual(["oauth"]);
    } finally {
      await again.close();
    }
    const untouched = await PGlite.create({ dataDir: template });
    try {
      expect(await untouched.query("SELECT to_regclass('portals') IS NULL AS empty")).toMatchObject({ rows: [{ empty: true }] });
    } finally {
      await untouched.close();
    }
  }, 120_000);

  it("when the data directory already exists or no cluster was prepared, then nothing is copied", () => {
    const existing = path.join(work, "existing");
    fs.mkdirSync(existing);
    expect(seedFromClusterTemplate(existing, template)).toBe(false);
    expect(fs.readdirSync(existing)).toEqual([]);
    expect(seedFromClusterTemplate(path.join(work, "fresh"), path.join(work, "no-such-template"))).toBe(false);
    expect(fs.existsSync(path.join(work, "fresh"))).toBe(false);
  });
});
