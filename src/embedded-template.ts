import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "./db/database";
import { migrate, readMigrations, type Migration } from "./db/migrate";
import { createLogger } from "./lib/logger";
import { PROJECT_ROOT } from "./lib/paths";
import { JobQueue } from "./queue/queue";

/**
 * The embedded database as `npm install` leaves it ready (scripts/postinstall.js): PGlite's
 * initdb, the migrations and pg-boss's schema, which are most of what the first start of a
 * fresh DATA_DIR would otherwise spend its seconds on. A new DATA_DIR starts as a copy of it
 * (src/db/seed.ts). Its folder in node_modules/.cache is named after the migrations and the
 * PGlite and pg-boss versions, so a start never copies one made for other code: with no
 * template of its own name (after a `git pull` that brought a migration, before
 * `npm install`) the start builds the database itself, as always.
 */
const CACHE = "node_modules/.cache/hubspot-zoom-webinars";

export function embeddedTemplateDir(root = PROJECT_ROOT, migrations: Migration[] = readMigrations()): string {
  const hash = createHash("sha256");
  for (const pkg of ["@electric-sql/pglite", "pg-boss"]) hash.update(`${pkg}@${packageVersion(root, pkg)}\0`);
  for (const m of migrations) hash.update(`${m.name}\0${m.checksum}\0`);
  return path.join(root, CACHE, `embedded-${hash.digest("hex").slice(0, 16)}`);
}

/** The template's folder for this code; none when the packages are not where npm puts them. */
export function currentEmbeddedTemplate(): string | undefined {
  try {
    return embeddedTemplateDir();
  } catch {
    return undefined;
  }
}

/**
 * Builds the template (written aside, then renamed: never half there) unless it exists,
 * and removes the templates of earlier code. Returns whether it built one.
 */
export async function prepareEmbeddedTemplate(dir = embeddedTemplateDir()): Promise<boolean> {
  if (fs.existsSync(path.join(dir, "PG_VERSION"))) return false;
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  const db = await openDatabase({ dataDir: partial });
  try {
    await migrate(db.sql);
    const queue = await JobQueue.start(db, createLogger({ level: "silent" }), { maintenance: false });
    await queue.stop();
  } finally {
    await db.close();
  }
  for (const old of fs.readdirSync(path.dirname(dir)).filter((name) => name.startsWith("embedded-") && !name.includes(".partial-"))) {
    fs.rmSync(path.join(path.dirname(dir), old), { recursive: true, force: true });
  }
  fs.renameSync(path.join(partial, "pglite"), dir);
  fs.rmSync(partial, { recursive: true, force: true });
  return true;
}

function packageVersion(root: string, name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}
