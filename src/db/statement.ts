import type { Sql } from "./sql";
import type { TransactionLike } from "./transaction";

/**
 * The one style for SQL that Prisma's query API cannot express (bulk upserts through
 * `unnest`, `for update skip locked`, conditional writes that must be one statement):
 *
 *     const upsertPeople = statement<{ id: string }>("webinars.upsertPeople", `insert … returning id`);
 *     const rows = await query(db.sql, upsertPeople, [ids, emails]);
 *
 * - declared once, at module level, in the repository of the folder that owns the tables
 *   (`src/<folder>/repository.ts` or `src/<folder>/repository/*.ts`, see ARCHITECTURE.md);
 * - fixed text with `$1…` parameters, cast where Postgres cannot infer the type
 *   (`$1::text[]`); lists go through arrays (`= any($1::text[])`, `unnest`), never through
 *   placeholders built by hand;
 * - run on the pool or a session (`Sql`), or inside a Prisma transaction (`tx`), by `query`.
 *
 * Every declared statement is registered: test/foundation/statements.test.ts prepares each
 * one against the migrated database on Postgres and on PGlite, so a statement that no
 * longer fits the schema fails the suite (what Prisma TypedSQL would check at generate time;
 * TypedSQL needs a live database and Prisma's native engine during `generate`, which the
 * embedded default and this build do not have).
 */
export interface Statement<Row> {
  readonly name: string;
  readonly text: string;
  /**
   * Real Postgres: run as a named prepared statement (parsed and planned once per
   * connection). For hot statements on the pool only; ignored inside Prisma transactions.
   */
  readonly prepare: boolean;
  /** Phantom: the row type `query` returns. */
  readonly __row?: Row;
}

const registry = new Map<string, Statement<unknown>>();

export function statement<Row = Record<string, unknown>>(
  name: string,
  text: string,
  options: { prepare?: boolean } = {},
): Statement<Row> {
  if (registry.has(name)) throw new Error(`SQL statement ${name} is declared twice`);
  const declared: Statement<Row> = { name, text: text.trim(), prepare: options.prepare ?? false };
  registry.set(name, declared);
  return declared;
}

/** Every statement declared by the modules loaded so far. */
export function registeredStatements(): Statement<unknown>[] {
  return [...registry.values()];
}

/**
 * Where a statement runs: the pool or a session (`Sql`), or a transaction (inTransaction's,
 * or any Prisma client or interactive transaction: they all have `$queryRawUnsafe`).
 */
export type Runner = Sql | TransactionLike;

export async function query<Row>(on: Runner, declared: Statement<Row>, params: unknown[] = []): Promise<Row[]> {
  if ("query" in on) return on.query<Row>(declared.text, params, { prepare: declared.prepare });
  return on.$queryRawUnsafe<Row[]>(declared.text, ...params);
}

/**
 * The number a statement counts, for writes whose count matters: written as
 * `WITH done AS (UPDATE … RETURNING 1) SELECT count(*)::int AS n FROM done`.
 */
export async function count(on: Runner, declared: Statement<{ n: number }>, params: unknown[] = []): Promise<number> {
  const [row] = await query(on, declared, params);
  return row?.n ?? 0;
}
