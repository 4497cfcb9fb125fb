import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate, readMigrations } from "../../src/db/migrate";

export type Backend = "postgres" | "embedded";

/**
 * The backends the database tests run on: always the embedded one (so the default of
 * `npm start` cannot rot) and real PostgreSQL when DATABASE_URL is set (CI).
 */
export function backends(): Backend[] {
  return process.env.DATABASE_URL ? ["postgres", "embedded"] : ["embedded"];
}

/** The backend for tests that need one database: real Postgres when available. */
export const defaultBackend = (): Backend => (process.env.DATABASE_URL ? "postgres" : "embedded");

function templatePath(): string {
  const hash = createHash("sha256");
  for (const m of readMigrations()) hash.update(m.name).update(m.checksum);
  return path.join(os.tmpdir(), `hzw-pglite-template-${hash.digest("hex").slice(0, 16)}.tar.gz`);
}

export async function buildEmbeddedTemplate(): Promise<void> {
  const file = templatePath();
  if (fs.existsSync(file)) return;
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create();
  const sql = {
    query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
    exec: async (text: string) => {
      await db.exec(text);
    },
    withSession: <T>(fn: (s: never) => Promise<T>) => fn(sql as never),
  };
  await migrate(sql);
  const dump = await db.dumpDataDir("gzip");
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  await db.close();
}

export interface TestDatabase extends Database {
  /** Closes and, on real Postgres, drops the database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated, private database. */
export async function createTestDatabase(backend: Backend = defaultBackend()): Promise<TestDatabase> {
  if (backend === "embedded") {
    await buildEmbeddedTemplate();
    const loadDataDir = new Blob([fs.readFileSync(templatePath())]);
    const db = await openDatabase({ inMemory: true, loadDataDir });
    return { ...db, destroy: () => db.close() };
  }
  const { url, drop } = await createEmptyPostgresDatabase();
  const db = await openDatabase({ databaseUrl: url, poolSize: 5 });
  await migrate(db.sql);
  return {
    ...db,
    async destroy() {
      await db.close();
      await drop();
    },
  };
}

/** A new empty database on the server of DATABASE_URL. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is not set");
  const name = `hzw_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
