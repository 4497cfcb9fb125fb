#!/usr/bin/env node
// The empty embedded-database cluster `npm install` prepares: what PGlite's initdb makes,
// kept in node_modules/.cache per PGlite version. A fresh DATA_DIR starts as a copy of it
// (src/db/cluster-template.ts, which finds it at the same place) instead of running initdb,
// several seconds of CPU, at the first `npm start`.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** Keep in step with clusterTemplateDir() in src/db/cluster-template.ts (a test compares them). */
function clusterTemplateDir() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8"));
  return path.join(root, "node_modules/.cache/hubspot-zoom-webinars", `pglite-${pkg.version}-cluster`);
}

/** Runs PGlite's initdb into `dir` (written aside, then renamed: never half there). */
async function prepareClusterTemplate(dir = clusterTemplateDir()) {
  if (fs.existsSync(path.join(dir, "PG_VERSION"))) return false;
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const { PGlite } = require("@electric-sql/pglite");
  // https://pglite.dev/docs/api#datadir: a file-system path gets a new cluster (initdb).
  const db = await PGlite.create({ dataDir: partial });
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return true;
}

module.exports = { clusterTemplateDir, prepareClusterTemplate };
