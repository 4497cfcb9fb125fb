import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/paths";

/**
 * Where `npm install` left an empty embedded-database cluster: what PGlite's initdb makes
 * for this PGlite version (scripts/cluster-template.js writes it; a test checks both
 * name the same folder).
 */
export function clusterTemplateDir(root = PROJECT_ROOT): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string };
  return path.join(root, "node_modules/.cache/hubspot-zoom-webinars", `pglite-${pkg.version}-cluster`);
}

/**
 * A data directory that does not exist yet starts as a copy of the prepared cluster, so
 * PGlite opens it as an existing database instead of running initdb (seconds of CPU at
 * the first start). Without a prepared cluster (installed with --ignore-scripts, a
 * cluster of another PGlite version) nothing is copied and PGlite runs initdb as always.
 * Copied aside, then renamed: a start that dies halfway leaves no half database.
 */
export function seedFromClusterTemplate(pgDataDir: string, templateDir = preparedClusterDir()): boolean {
  if (!templateDir || fs.existsSync(pgDataDir) || !fs.existsSync(path.join(templateDir, "PG_VERSION"))) return false;
  const partial = `${pgDataDir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(templateDir, partial, { recursive: true });
  fs.renameSync(partial, pgDataDir);
  return true;
}

/** The prepared cluster's folder; none when PGlite is not where npm put it. */
function preparedClusterDir(): string | undefined {
  try {
    return clusterTemplateDir();
  } catch {
    return undefined;
  }
}
