import fs from "node:fs";
import path from "node:path";

/**
 * A data directory that does not exist yet starts as a copy of a prepared database
 * (`templateDir`, see src/embedded-template.ts), which PGlite then opens as an existing
 * one instead of running initdb. Nothing is copied when the directory exists or the
 * template does not. Copied aside, then renamed: a start that dies halfway leaves no half
 * database.
 */
export function seedFromTemplate(pgDataDir: string, templateDir: string): boolean {
  if (fs.existsSync(pgDataDir) || !fs.existsSync(path.join(templateDir, "PG_VERSION"))) return false;
  const partial = `${pgDataDir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(templateDir, partial, { recursive: true });
  fs.renameSync(partial, pgDataDir);
  return true;
}
