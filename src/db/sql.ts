/**
 * The smallest raw-SQL surface the app needs outside Prisma: the migration runner,
 * pg-boss, and health checks. Implemented over a pg pool (real Postgres) and over
 * the process's single PGlite instance (embedded).
 */
export interface Sql {
  /**
   * One statement with $1… parameters. `prepare`: on real Postgres, a named prepared
   * statement (per connection, named after the text), so a statement run very often is
   * parsed and planned once per connection rather than every time. For hot statements
   * of fixed text only; note that PgBouncer in transaction mode needs its
   * `max_prepared_statements` for these.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Several statements, no parameters (migration files). */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` on one session (a dedicated connection on real Postgres) so that
   * session-scoped things such as advisory locks hold for the whole call.
   */
  withSession<T>(fn: (session: Sql) => Promise<T>): Promise<T>;
}

export interface QueryOptions {
  prepare?: boolean;
}
