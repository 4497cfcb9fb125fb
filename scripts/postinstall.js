#!/usr/bin/env node
// `npm install` / `npm ci` do once what the first `npm start` would otherwise spend its
// seconds on: the Prisma client, the build (scripts/build.js), and the embedded database
// ready to copy into a new DATA_DIR (src/embedded-template.ts). `npm start` redoes the first
// two when they are missing or stale and builds the database itself when there is no
// template for its code, so a failure here only warns.
"use strict";
const path = require("node:path");
const { build } = require("./build");

const root = path.resolve(__dirname, "..");

async function main() {
  try {
    await build();
    await require(path.join(root, "dist/src/embedded-template.js")).prepareEmbeddedTemplate();
  } catch (err) {
    process.stderr.write(`postinstall: npm start will do it instead: ${err.message ?? err}\n`);
  }
  // pg-boss and PGlite are stopped; nothing else need keep the install waiting.
  process.exit(0);
}

void main();
