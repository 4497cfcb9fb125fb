import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/paths";
import type { Sql } from "./sql";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records each one in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same
 * checksum, same advisory lock). A deployment can therefore switch between this runner
 * and Prisma's own command on the same history. We need our own because Prisma's
 * migration engine is a native binary that is not available everywhere we run.
 */

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");
/** The advisory lock Prisma's migration engine takes. */
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** Returns the names of the migrations it applied. */
export async function migrate(sql: Sql, migrations = readMigrations()): Promise<string[]> {
  return sql.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      await session.exec(CREATE_BOOKKEEPING);
      const rows = await session.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      const applied = new Map(rows.map((r) => [r.migration_name, r]));
      for (const row of rows) {
        if (!row.finished_at) {
          throw new MigrationError(
            `Migration ${row.migration_name} started but never finished. Fix the database by hand, then mark it ` +
              "rolled back (`prisma migrate resolve --rolled-back`).",
          );
        }
      }
      const done: string[] = [];
      for (const m of migrations) {
        const previous = applied.get(m.name);
        if (previous) {
          if (previous.checksum !== m.checksum) {
            // Prisma only warns here; an edited migration that already ran is a bug we want to see.
            throw new MigrationError(`Migration ${m.name} was changed after it was applied.`);
          }
          continue;
        }
        const id = randomUUID();
        await session.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 0)`,
          [id, m.checksum, m.name],
        );
        try {
          await session.exec(m.sql);
        } catch (err) {
          await session.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, String(err)]);
          throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
        }
        await session.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        done.push(m.name);
      }
      return done;
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
    }
  });
}
