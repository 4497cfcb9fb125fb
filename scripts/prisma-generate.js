#!/usr/bin/env node
// Generates the Prisma client when prisma/schema.prisma changed since the last run.
// `prisma generate` never needs Prisma's native schema engine, but the CLI tries to
// download it unless PRISMA_SCHEMA_ENGINE_BINARY is set; /bin/false (never /bin/true)
// keeps that download from happening on machines without internet and is harmless on
// others because generate does not run the engine.
"use strict";
const { createHash } = require("node:crypto");
const { readFileSync, writeFileSync, existsSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function generatePrismaClient() {
  const schema = readFileSync(path.join(root, "prisma/schema.prisma"));
  const pkg = readFileSync(path.join(root, "node_modules/prisma/package.json"));
  const hash = createHash("sha256").update(schema).update(pkg).digest("hex");
  const outDir = path.join(root, "src/generated/prisma");
  const stamp = path.join(outDir, ".schema-hash");

  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return;

  execFileSync(process.execPath, [require.resolve("prisma/build/index.js", { paths: [root] }), "generate"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  writeFileSync(stamp, hash);
}

module.exports = { generatePrismaClient };
if (require.main === module) generatePrismaClient();
