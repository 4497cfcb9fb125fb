#!/usr/bin/env node
// `npm run measure:start [-- --runs 5] [-- --at REV]`: how long the first `npm start` after
// `npm install` takes to serve its first page. Each run copies the project as a fresh clone
// has it (the files git tracks, plus new files not ignored: no dist/, no data/, no generated
// client) into a temporary folder that shares this node_modules, runs there what
// `npm install` runs itself (scripts/postinstall.js, timed apart), then `npm start` in
// sandbox mode on the embedded database, and times its first 200 on /healthz and on the
// first page, /. Nothing in this folder changes. Each run prints the machine's load
// average, and the CPU time used, which hardly depends on it.
"use strict";
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const option = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(option("--runs")) || 3;
/** `--at REV`: measure a commit instead of the working tree (to compare with an earlier one). */
const at = option("--at");
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function cloneLikeCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hzw-first-start-"));
  if (at) {
    execFileSync("sh", ["-c", `git archive "$0" | tar -x -C "$1"`, at, dir], { cwd: root });
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
  }
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root })
    .toString()
    .split("\0")
    .filter((f) => f && fs.existsSync(path.join(root, f)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function firstOk(url, deadline) {
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return Date.now();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${seconds(deadline)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * CPU seconds used so far by a process and all its descendants, those already waited for
 * included (Linux's /proc/PID/stat: utime, stime, cutime, cstime in USER_HZ, 100 a second).
 * Unlike the wall time it hardly depends on how busy the machine is. undefined elsewhere.
 */
function cpuSeconds(pid) {
  if (!fs.existsSync("/proc/self/stat")) return undefined;
  const procs = new Map();
  for (const entry of fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3, state
      procs.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  for (const todo = [pid]; todo.length; ) {
    const p = todo.pop();
    ticks += procs.get(p)?.ticks ?? 0;
    for (const [child, info] of procs) if (info.ppid === p) todo.push(child);
  }
  return ticks / 100;
}

/** Sandbox mode on the embedded database, as on a machine where nothing is configured. */
function sandboxEnv(port) {
  const env = { ...process.env, PORT: String(port), LOG_LEVEL: "info" };
  for (const name of Object.keys(env)) {
    if (/^(DATABASE_URL|DATA_DIR|HOST|APP_BASE_URL|HUBSPOT_|ZOOM_|SESSION_SECRET|TOKEN_ENCRYPTION_KEY)/.test(name)) delete env[name];
  }
  return env;
}

async function measureOnce() {
  const dir = cloneLikeCopy();
  try {
    let t = Date.now();
    if (fs.existsSync(path.join(dir, "scripts/postinstall.js"))) execFileSync(process.execPath, ["scripts/postinstall.js"], { cwd: dir, stdio: "inherit" });
    const install = Date.now() - t;

    const port = await freePort();
    const started = Date.now();
    const child = spawn("npm", ["start"], { cwd: dir, env: sandboxEnv(port), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    let health, page, cpu;
    try {
      health = await Promise.race([firstOk(`http://127.0.0.1:${port}/healthz`, started + 300_000), exited.then(() => Promise.reject(new Error(`npm start exited:\n${output}`)))]);
      page = await firstOk(`http://127.0.0.1:${port}/`, started + 300_000);
      cpu = cpuSeconds(child.pid);
    } finally {
      // npm start execs node: its process group is npm and the app.
      if (child.exitCode === null) process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    const at = (msg) => {
      const line = output.split("\n").find((l) => l.includes(`"msg":"${msg}`));
      return line ? Date.parse(JSON.parse(line).time) : NaN;
    };
    return {
      install,
      cpu,
      page: page - started,
      health: health - started,
      build: at("starting") - started,
      // Older commits: "listening".
      ready: (at("Open ") || at("listening")) - at("starting"),
      stopped: output.includes('"msg":"stopped"'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

async function main() {
  const pages = [];
  const cpus = [];
  for (let i = 1; i <= runs; i++) {
    const load = os.loadavg()[0].toFixed(1);
    const r = await measureOnce();
    pages.push(r.page);
    if (r.cpu !== undefined) cpus.push(r.cpu * 1000);
    console.log(
      `run ${i}/${runs} (load ${load}): first page ${seconds(r.page)}, CPU ${r.cpu === undefined ? "n/a" : `${r.cpu.toFixed(1)} s`} (/healthz ${seconds(r.health)}; ` +
        `build and load ${seconds(r.build)}, then database, jobs and listen ${seconds(r.ready)}); ` +
        `npm install's own step ${seconds(r.install)}${r.stopped ? "" : "; DID NOT STOP CLEANLY"}`,
    );
  }
  const cpu = cpus.length ? `; CPU ${seconds(Math.min(...cpus))} at best, ${seconds(median(cpus))} median` : "";
  console.log(`FIRST START: first page ${seconds(Math.min(...pages))} at best, ${seconds(median(pages))} median over ${runs} runs${cpu} (${os.cpus().length} CPUs, Node ${process.version})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
