import fs from "node:fs";
import path from "node:path";
import { registeredStatements, type Statement } from "../../src/db/statement";
import type { Sql } from "../../src/db/sql";
import { PROJECT_ROOT } from "../../src/lib/paths";
import { backends, createTestDatabase, type TestDatabase } from "../helpers/database";

/**
 * Raw SQL has one style and one home (src/db/statement.ts): statements declared in the
 * owning folder's repository. Here every declared statement is prepared against the
 * migrated schema, and raw SQL anywhere else fails the suite.
 */

const SRC = path.join(PROJECT_ROOT, "src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const isRepository = (file: string) => /[/\\]repository(\.ts$|[/\\])/.test(path.relative(SRC, file));

/** Runs each statement through PREPARE (parse, resolve every table and column, infer types) without executing it. */
async function unpreparable(sql: Sql, statements: Statement<unknown>[]): Promise<string[]> {
  return sql.withSession(async (session) => {
    const failures: string[] = [];
    for (const [i, declared] of statements.entries()) {
      try {
        await session.query(`prepare hzw_statement_check_${i} as ${declared.text}`);
        await session.query(`deallocate hzw_statement_check_${i}`);
      } catch (err) {
        failures.push(`${declared.name}: ${(err as Error).message}`);
      }
    }
    return failures;
  });
}

/** Files that still hold raw SQL outside a repository: the list only shrinks. */
const NOT_YET_IN_A_REPOSITORY = new Set<string>([
  // src/db and src/queue are the SQL layer itself (migrations, pg-boss, group commit, health).
]);
/** The SQL layer itself: src/db (migrations, transactions, health) and src/queue/pgboss-* (pg-boss's own SQL and table). */
const SQL_LAYER = ["db/", "queue/pgboss-"];
const RAW_SQL = /\$queryRaw|\$executeRaw|\b(sql|session)\.query\s*[<(]/;

describe("raw SQL", () => {
  beforeAll(async () => {
    for (const file of sourceFiles(SRC).filter(isRepository)) await import(file);
  });

  test("lives only in repositories (and the SQL layer: src/db, pg-boss's table)", () => {
    const outside = sourceFiles(SRC)
      .map((file) => path.relative(SRC, file).split(path.sep).join("/"))
      .filter((rel) => !isRepository(path.join(SRC, rel)) && !SQL_LAYER.some((dir) => rel.startsWith(dir)))
      .filter((rel) => !NOT_YET_IN_A_REPOSITORY.has(rel))
      .filter((rel) => RAW_SQL.test(fs.readFileSync(path.join(SRC, rel), "utf8")));
    expect(outside).toEqual([]);
  });

  describe.each(backends())("on %s", (backend) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
    });
    afterAll(async () => {
      await db.destroy();
    });

    test("every declared statement fits the migrated schema", async () => {
      expect(await unpreparable(db.sql, registeredStatements())).toEqual([]);
    });

    test("a statement that does not fit is reported by name", async () => {
      // Not declared with statement(): it must not join the registry the test above checks.
      const wrong: Statement<unknown> = { name: "test.wrongColumn", text: "select no_such_column from portals where id = $1::bigint", prepare: false };
      const failures = await unpreparable(db.sql, [wrong]);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/^test\.wrongColumn: .*no_such_column/);
    });
  });
});
