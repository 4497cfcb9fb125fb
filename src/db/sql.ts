/**
 * The smallest raw-SQL surface the app needs outside Prisma: the migration runner,
 * pg-boss, and health checks. Implemented over a pg pool (real Postgres) and over
 * the process's single PGlite instance (embedded).
 */
export interface Sql {
  /** One statement with $1… parameters. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migration files). */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` on one session (a dedicated connection on real Postgres) so that
   * session-scoped things such as advisory locks hold for the whole call.
   */
  withSession<T>(fn: (session: Sql) => Promise<T>): Promise<T>;
}
