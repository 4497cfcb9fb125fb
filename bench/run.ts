import fs from "node:fs";
import path from "node:path";

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (compiled to dist/bench) in name order.
 * Each prints its figures as one line `BENCH <name> key=value …` (CONTRACT.md §8).
 * Run one file with `npm run bench -- <name>`, one line with `BENCH_ONLY=<line>`
 * (comma-separated, e.g. BENCH_ONLY=sync-large).
 */
async function main() {
  const only = process.argv[2];
  const lines = (process.env.BENCH_ONLY ?? "").split(",").map((l) => l.trim()).filter(Boolean);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.js"))
    .filter((f) => !only || f.startsWith(only))
    // A file's lines are named after it (sync.bench → sync, sync-large): BENCH_ONLY skips the others.
    .filter((f) => !lines.length || lines.some((line) => line.startsWith(f.replace(/\.bench\.js$/, ""))))
    .sort();
  if (files.length === 0) throw new Error(`No benchmark matches ${only ?? "*"}`);
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
