#!/usr/bin/env node
// The build `npm install` (scripts/postinstall.js) and `npm start` (`web`, `worker`) run:
// the Prisma client when the schema changed, then TypeScript → dist/ with swc, only when a
// source changed since the last build. swc only strips types (about a second for the whole tree, where tsc takes
// half a minute); the type check is `npm run typecheck` (CI runs it) and `npm run build`,
// which builds the same dist/ with tsc. The tests run the same swc transform (@swc/jest).
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { generatePrismaClient } = require("./prisma-generate");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "dist");
const stamp = path.join(outDir, ".swc-build-hash");
/** tsconfig.build.json's "include" → dist/, and the workspace package of fakes → its own dist/ (its package.json "main"). */
const TARGETS = [
  ...["src", "bench", "scripts"].map((dir) => ({ from: path.join(root, dir), to: path.join(outDir, dir) })),
  { from: path.join(root, "packages/fakes/src"), to: path.join(root, "packages/fakes/dist") },
];

// https://swc.rs/docs/configuration/compilation: the options tsconfig.json asks of tsc
// (target ES2022, CommonJS, esModuleInterop) and jest.config.js asks of @swc/jest.
const swcOptions = (file) => ({
  filename: file,
  sourceMaps: true,
  sourceFileName: path.relative(path.dirname(outFile(file)), file),
  swcrc: false,
  configFile: false,
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
});

function sources() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
    }
  };
  for (const { from } of TARGETS) walk(from);
  return files.sort();
}

const outFile = (file) => {
  const target = TARGETS.find(({ from }) => file.startsWith(from + path.sep));
  return path.join(target.to, path.relative(target.from, file)).replace(/\.ts$/, ".js");
};

/** What the output depends on: every source's path and bytes, swc's version, this script. */
function inputsHash(files) {
  const hash = createHash("sha256").update(require("@swc/core/package.json").version).update(fs.readFileSync(__filename));
  for (const file of files) hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  return hash.digest("hex");
}

async function build() {
  generatePrismaClient();
  const files = sources();
  const hash = inputsHash(files);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return;
  const swc = require("@swc/core");
  fs.rmSync(stamp, { force: true });
  await Promise.all(
    files.map(async (file) => {
      const { code, map } = await swc.transform(await fs.promises.readFile(file, "utf8"), swcOptions(file));
      const out = outFile(file);
      await fs.promises.mkdir(path.dirname(out), { recursive: true });
      await fs.promises.writeFile(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      await fs.promises.writeFile(`${out}.map`, map);
    }),
  );
  fs.writeFileSync(stamp, hash);
}

module.exports = { build };
if (require.main === module) {
  build().catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
