import type PgBoss from "pg-boss";
import type { Database } from "../db/database";
import type { TransactionLike } from "../db/transaction";

/** pg-boss's SQL for one job inside the caller's transaction: the job exists exactly when its rows do. */
export function transactionExecutor(tx: TransactionLike): PgBoss.Db["executeSql"] {
  // pg-boss calls without values for some statements, whatever its type says.
  return async (text, values?: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])) });
}

/**
 * pg-boss over the process's PGlite session (real Postgres: pg-boss opens its own pool):
 * pg-boss's own SQL, parameters via query, scripts via exec.
 */
export function embeddedExecutor(db: Database): PgBoss.Db["executeSql"] {
  // pg-boss calls without values for its scripts, whatever its type says.
  return async (text, values?: unknown[]) => {
    if (values && values.length > 0) return { rows: await db.sql.query(text, values) };
    const rows = await db.sql.query(text).catch(async (err: unknown) => {
      // Multi-statement scripts (pg-boss migrations) cannot go through the extended protocol.
      if (!/multiple commands|cannot insert multiple/i.test((err as Error).message)) throw err;
      await db.sql.exec(text);
      return [];
    });
    return { rows };
  };
}
