import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../../src/db/database";
import { migrate, readMigrations } from "../../src/db/migrate";
import { seedFromTemplate } from "../../src/db/seed";
import { embeddedTemplateDir, prepareEmbeddedTemplate } from "../../src/embedded-template";

describe("the embedded database prepared at install", () => {
  let work: string;
  let template: string;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-template-"));
    template = path.join(work, "cache", "embedded-test");
    expect(await prepareEmbeddedTemplate(template)).toBe(true);
  }, 180_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("when it is prepared again, then the existing one is kept", async () => {
    expect(await prepareEmbeddedTemplate(template)).toBe(false);
  });

  it("when a fresh DATA_DIR is opened with it, then the database is already migrated with the job queue's schema, keeps rows, and the template stays as it was", async () => {
    const dataDir = path.join(work, "data");
    const db = await openDatabase({ dataDir, template });
    try {
      expect(await migrate(db.sql)).toEqual([]);
      expect(await db.sql.query("SELECT to_regclass('pgboss.job') IS NOT NULL AS queue")).toEqual([{ queue: true }]);
      await db.prisma.portal.create({ data: { id: 7n, installedByUserId: 1n, scopes: ["oauth"] } });
    } finally {
      await db.close();
    }
    const again = await openDatabase({ dataDir, template });
    try {
      expect((await again.prisma.portal.findUnique({ where: { id: 7n } }))?.scopes).toEqual(["oauth"]);
    } finally {
      await again.close();
    }
    const untouched = await PGlite.create({ dataDir: template });
    try {
      expect((await untouched.query("SELECT count(*)::int AS n FROM portals")).rows).toEqual([{ n: 0 }]);
    } finally {
      await untouched.close();
    }
  }, 120_000);

  it("when the data directory already exists or there is no template, then nothing is copied", () => {
    const existing = path.join(work, "existing");
    fs.mkdirSync(existing);
    expect(seedFromTemplate(existing, template)).toBe(false);
    expect(fs.readdirSync(existing)).toEqual([]);
    expect(seedFromTemplate(path.join(work, "fresh"), path.join(work, "no-such-template"))).toBe(false);
    expect(fs.existsSync(path.join(work, "fresh"))).toBe(false);
  });

  it("when the migrations change, then the template has another name, so a start never copies one made for other migrations", () => {
    const migrations = readMigrations();
    const edited = migrations.map((m, i) => (i === migrations.length - 1 ? { ...m, checksum: "0".repeat(64) } : m));
    const added = [...migrations, { name: "29990101000000_next", sql: "SELECT 1", checksum: "1".repeat(64) }];
    expect(embeddedTemplateDir(undefined, migrations)).toBe(embeddedTemplateDir());
    expect(new Set([embeddedTemplateDir(), embeddedTemplateDir(undefined, edited), embeddedTemplateDir(undefined, added)]).size).toBe(3);
  });
});
