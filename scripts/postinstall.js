#!/usr/bin/env node
// `npm install` / `npm ci` prepare what the first `npm start` would otherwise spend
// seconds on: the Prisma client, and the embedded database's empty cluster. `npm start`
// redoes either when it is missing or stale, so a failure here only warns.
"use strict";
const { generatePrismaClient } = require("./prisma-generate");
const { prepareClusterTemplate } = require("./cluster-template");

async function main() {
  for (const [what, step] of [
    ["the Prisma client", generatePrismaClient],
    ["the embedded database's empty cluster", prepareClusterTemplate],
  ]) {
    try {
      await step();
    } catch (err) {
      process.stderr.write(`postinstall: could not prepare ${what} (npm start will): ${err.message ?? err}\n`);
    }
  }
}

void main();
