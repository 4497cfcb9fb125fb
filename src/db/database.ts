import { createHash } from "node:crypto";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import type { QueryOptions, Sql } from "./sql";
import { acquireDataDirLock } from "./lockfile";
import { seedFromTemplate } from "./seed";
import { isDatabaseUnavailable } from "./unavailable";

export type { PrismaClient };

export interface Database {
  kind: "postgres" | "embedded";
  prisma: PrismaClient;
  sql: Sql;
  /** Real Postgres: pg-boss opens its own small pool on this URL. */
  connectionString?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Real Postgres when set. */
  databaseUrl?: string;
  /** Embedded PGlite files live in `${dataDir}/pglite`. */
  dataDir?: string;
  /** Embedded only: start from this dump (a tarball from PGlite's dumpDataDir), used by tests. */
  loadDataDir?: Blob;
  /** Embedded only: a new data directory starts as a copy of this prepared database (src/embedded-template.ts). */
  template?: string;
  /** Embedded only: keep everything in memory (tests). */
  inMemory?: boolean;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openEmbedded(options);
}

function openPostgres(connectionString: string, max: number): Database {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its server must not crash the process: pg-pool drops it,
  // and the next query opens a new connection. (A checked-out client has no listener of
  // the pool's: see withSession.)
  pool.on("error", () => undefined);
  // And every connection keeps a listener of its own for its whole life: whoever has it
  // checked out (Prisma's adapter, withSession, pg-pool between two owners), a server
  // that goes away between two queries must not end the process. pg-pool still drops a
  // broken connection (it is no longer queryable when released).
  pool.on("connect", (client) => client.on("error", () => undefined));
  // Prisma's adapter listens on the connections it checks out for a transaction, and
  // on the pool; its own hooks are for logging only.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { onPoolError: () => undefined, onConnectionError: () => undefined }) });
  const sql = poolSql(pool);
  return {
    kind: "postgres",
    prisma,
    sql,
    connectionString,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

function poolSql(pool: pg.Pool): Sql {
  const onClient = (client: pg.Pool | pg.PoolClient): Sql => ({
    async query<T>(text: string, params: unknown[] = [], options: QueryOptions = {}) {
      const query = options.prepare ? { name: statementName(text), text, values: params } : { text, values: params };
      return (await client.query(query)).rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
    async withSession(fn) {
      if (client !== pool) return fn(onClient(client));
      return onDedicatedClient(await pool.connect(), (dedicated) => fn(onClient(dedicated)));
    },
  });
  return onClient(pool);
}

/**
 * A checked-out client has no 'error' listener of the pool's: if its server goes away
 * between two queries (pg_terminate_backend, a failover, an idle timeout), pg emits
 * 'error' on it, and with no listener that ends the process. So it gets one for as long
 * as it is out, and a client that broke (or met a lost connection, or failed in a way
 * that leaves its session state unknown) is released with the error: pg-pool then
 * destroys it instead of handing it to the next caller.
 */
async function onDedicatedClient<T>(client: pg.PoolClient, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let broken: Error | undefined;
  const onError = (err: Error) => (broken ??= err);
  client.on("error", onError);
  try {
    return await fn(client);
  } catch (err) {
    if (!broken && (isDatabaseUnavailable(err) || !hasSqlState(err))) broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}

/** An error the server answered (a SQLSTATE): the session is still sound after it. */
const hasSqlState = (err: unknown) => typeof (err as { code?: unknown } | null | undefined)?.code === "string" && /^[0-9A-Z]{5}$/.test((err as { code: string }).code);

const statementNames = new Map<string, string>();
/** A prepared statement's name: the same for the same text on every connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `hzw_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

async function openEmbedded(options: DatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir ?? "./data";
  const release = options.inMemory ? () => undefined : acquireDataDirLock(dataDir);
  const pgDataDir = options.inMemory ? undefined : path.join(dataDir, "pglite");
  let db: PGlite;
  try {
    if (pgDataDir && options.template && !options.loadDataDir) seedFromTemplate(pgDataDir, options.template);
    db = await PGlite.create({ dataDir: pgDataDir, loadDataDir: options.loadDataDir });
  } catch (err) {
    release();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  // PGlite is one session for the whole process: every Sql call shares it.
  const sql: Sql = {
    async query<T>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
    withSession: (fn) => fn(sql),
  };
  return {
    kind: "embedded",
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await db.close();
      release();
    },
  };
}

/** A database that answers a trivial query; used by /healthz. */
export async function isDatabaseReachable(db: Database, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return await Promise.race([db.sql.query("select 1").then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
