import { migrate, readMigrations, MigrationError } from "../../src/db/migrate";
import { backends, createTestDatabase, type TestDatabase } from "../helpers/database";
import { schemaDrift } from "../helpers/schema-drift";

describe.each(backends())("migrations on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("when the migrations have run, then the database matches prisma/schema.prisma", async () => {
    expect(await schemaDrift(db.sql)).toEqual([]);
  });

  it("when they have run, then _prisma_migrations holds one finished row per migration with Prisma's checksum", async () => {
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = readMigrations();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
  });

  it("when run again, then nothing is applied twice", async () => {
    expect(await migrate(db.sql)).toEqual([]);
  });

  it("when a new migration appears, then only it is applied and the checker sees the drift it makes", async () => {
    const extra = { name: "29991231000000_extra", sql: 'CREATE TABLE "extra" (id INT PRIMARY KEY);', checksum: "x".repeat(64) };
    expect(await migrate(db.sql, [...readMigrations(), extra])).toEqual([extra.name]);
    expect(await schemaDrift(db.sql)).toEqual(
      expect.arrayContaining(["table extra is not in the schema", "index extra(id) primary btree is not in the schema"]),
    );
    await db.sql.exec('DROP TABLE "extra"; DELETE FROM "_prisma_migrations" WHERE migration_name = \'29991231000000_extra\'');
  });

  it("when an applied migration was edited, then the runner refuses to go on", async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrate(db.sql, edited)).rejects.toBeInstanceOf(MigrationError);
  });

  it("when a column is missing, then the checker reports it", async () => {
    await db.sql.exec('ALTER TABLE "portals" DROP COLUMN "uninstalled_at"');
    expect(await schemaDrift(db.sql)).toContain("column portals.uninstalled_at is missing");
    await db.sql.exec('ALTER TABLE "portals" ADD COLUMN "uninstalled_at" TIMESTAMPTZ(3)');
    expect(await schemaDrift(db.sql)).toEqual([]);
  });
});
