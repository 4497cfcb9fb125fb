import type { Sql } from "../../src/db/sql";

/**
 * Reads every text, JSON and array column of every table of the given schemas and
 * reports where any of the needles appears (case-insensitive): for tests that some
 * value (an OAuth token, a deleted person's email) is stored nowhere.
 */
export interface ScanResult {
  /** `schema.table.column: …value…` for each value that holds a needle. */
  hits: string[];
  /** Non-empty values read: a scan that read nothing proves nothing. */
  scanned: number;
  tables: Set<string>;
}

export async function scanDatabase(sql: Sql, needles: string[], schemas = ["public", "pgboss"]): Promise<ScanResult> {
  const lowered = needles.map((n) => n.toLowerCase());
  const columns = await sql.query<{ table_schema: string; table_name: string; column_name: string }>(
    `SELECT table_schema, table_name, column_name FROM information_schema.columns
      WHERE table_schema = ANY($1::text[]) AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
    [schemas],
  );
  const result: ScanResult = { hits: [], scanned: 0, tables: new Set() };
  for (const c of columns) {
    result.tables.add(`${c.table_schema}.${c.table_name}`);
    const rows = await sql.query<{ v: string | null }>(`SELECT "${c.column_name}"::text AS v FROM "${c.table_schema}"."${c.table_name}"`);
    for (const { v } of rows) {
      if (!v) continue;
      result.scanned++;
      const value = v.toLowerCase();
      for (const needle of lowered) {
        const at = value.indexOf(needle);
        if (at >= 0) result.hits.push(`${c.table_schema}.${c.table_name}.${c.column_name}: …${v.slice(Math.max(0, at - 40), at + needle.length + 40)}…`);
      }
    }
  }
  return result;
}
