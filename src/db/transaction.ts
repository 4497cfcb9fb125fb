import type { Database } from "./database";
import type { QueryOptions, Sql } from "./sql";

/**
 * Anything that runs a raw query inside a transaction: a Prisma interactive transaction,
 * or inTransaction's session below. The job queue enqueues through it (src/queue), and
 * statements run on it (src/db/statement.ts).
 */
export interface TransactionLike {
  $queryRawUnsafe<R = unknown>(query: string, ...values: unknown[]): Promise<R>;
}

/**
 * Runs `work` in one transaction with raw SQL only (`$queryRawUnsafe`, which is also
 * what pg-boss needs to enqueue inside it). On real Postgres it is plain SQL on one
 * pooled connection (BEGIN … COMMIT), far cheaper per statement than a Prisma
 * interactive transaction on the same pool; on the embedded database (one session for
 * the process) it goes through Prisma, which takes turns. `prepare` (real Postgres only):
 * every statement of `work` is a named prepared statement (see Sql.query); for hot
 * transactions whose statements are few and of fixed text.
 */
export function inTransaction<T>(
  db: Database,
  work: (tx: TransactionLike) => Promise<T>,
  options: QueryOptions = {},
): Promise<T> {
  if (db.kind === "postgres") return db.sql.withSession((session) => onSession(session, work, options));
  return db.prisma.$transaction((tx) => work(tx));
}

async function onSession<T>(session: Sql, work: (tx: TransactionLike) => Promise<T>, options: QueryOptions): Promise<T> {
  const tx: TransactionLike = {
    $queryRawUnsafe: <R>(text: string, ...values: unknown[]) => session.query(text, values, options) as Promise<R>,
  };
  await session.exec("BEGIN");
  try {
    const result = await work(tx);
    await session.exec("COMMIT");
    return result;
  } catch (err) {
    await session.exec("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
