import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createApp } from "../src/app";
import { migrate } from "../src/db/migrate";
import { jsonBody } from "../src/http/body";
import { createLogger } from "../src/lib/logger";
import { JobQueue } from "../src/queue/queue";
import { APP_JOBS } from "../src/workers";
import { createServices } from "../src/services";
import { verifyHubSpotSignature } from "../src/workflow-action/signature";
import { benchConfig, benchDatabase } from "./common";
import { forkLoad } from "./load-process";
import { ACTION_PATH, PORTAL_ID, type AppMessage, type LoadMessage } from "./workflow-action-load";

/**
 * Signed workflow-action calls at a fixed concurrency against zero-latency fakes, each
 * a new contact for the same webinar (the common case: a workflow enrolling a list),
 * through the whole app: signature, portal, callback claim, Zoom lookup and
 * registration, the recorded fact and the sync request. The floor is a bare Express
 * handler that only checks the signature, measured the same way in the same run.
 *
 * This process is the app (and the floor's server). The fakes of HubSpot and Zoom and
 * the load generator run in a child process (bench/workflow-action-load.ts): they are
 * other machines in production, and sharing the app's event loop made the benchmark
 * measure them too. `app_cpu_ms_per_action` is this process's CPU time (user + system,
 * all its threads) over the measured calls, divided by their number. The figures are
 * the steady state after a warm-up (BENCH_WORKFLOW_WARMUP calls, default 1000); the
 * warm-up's own figures are printed as cold_actions_per_s and cold_p99_ms.
 */

const CALLS = Number(process.env.BENCH_WORKFLOW_CALLS ?? 2000);
const WARMUP = Number(process.env.BENCH_WORKFLOW_WARMUP ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_WORKFLOW_CONCURRENCY ?? 16);

export async function run() {
  const load = await startLoad();
  const ready = await load.next("ready");

  const { db, drop } = await benchDatabase("workflow");
  await migrate(db.sql);
  // BENCH_LOG_LEVEL=error shows why a call failed.
  const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? "silent" });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = benchConfig({
    APP_BASE_URL: url,
    HUBSPOT_CLIENT_ID: ready.hubspot.clientId,
    HUBSPOT_CLIENT_SECRET: ready.hubspot.clientSecret,
    HUBSPOT_APP_ID: "4242",
    HUBSPOT_API_BASE_URL: ready.hubspot.url,
    ZOOM_CLIENT_ID: ready.zoom.clientId,
    ZOOM_CLIENT_SECRET: ready.zoom.clientSecret,
    ZOOM_WEBHOOK_SECRET_TOKEN: ready.zoom.webhookSecretToken,
    ZOOM_OAUTH_BASE_URL: ready.zoom.url,
    ZOOM_API_BASE_URL: ready.zoom.apiBaseUrl,
  });
  const queue = await JobQueue.start(db, logger, { maintenance: false, jobs: APP_JOBS });
  const services = createServices({ config, db, logger, queue });
  server.on("request", createApp(services));

  // An installed portal with its Zoom account connected (tokens the fakes accept).
  const hs = { accessToken: "hs-unused", refreshToken: "hs-unused-r", expiresIn: 1800 };
  await db.prisma.portal.create({ data: { id: BigInt(PORTAL_ID), installedByUserId: 1n, scopes: [], ...services.vault.seal(hs) } });
  await db.prisma.zoomConnection.create({
    data: {
      portalId: BigInt(PORTAL_ID),
      accountId: "acct_bench",
      zoomUserId: "zu_host",
      email: "host@bench.example",
      scopes: [],
      ...services.vault.seal(ready.zoomTokens),
    },
  });

  const floor = express();
  floor.use(jsonBody);
  floor.post(ACTION_PATH, (req, res) => {
    const check = verifyHubSpotSignature(req, config.hubspot.clientSecret, url);
    res.status(check.ok ? 200 : 401).json({ outputFields: { hs_execution_state: "SUCCESS" } });
  });
  const floorServer = http.createServer(floor);
  await new Promise<void>((resolve) => floorServer.listen(0, "127.0.0.1", resolve));
  const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}`;

  // Both are signed for the app's public URL, as in production.
  const measure = (target: string, total: number) => load.measure({ type: "measure", target, signedBaseUrl: url, total, concurrency: CONCURRENCY });

  try {
    // Warm-up: connections, pg-boss queue, and the JIT (a new process needs about a
    // thousand calls to reach its steady speed). Reported as cold_* beside the steady figures.
    const cold = await measure(url, WARMUP);
    const cpu0 = process.cpuUsage();
    const action = await measure(url, CALLS);
    const cpu = process.cpuUsage(cpu0);
    await measure(floorUrl, WARMUP);
    const floorCpu0 = process.cpuUsage();
    const bare = await measure(floorUrl, CALLS);
    const floorCpu = process.cpuUsage(floorCpu0);
    const recorded = await db.prisma.registrant.count();
    if (recorded !== CALLS + WARMUP) throw new Error(`expected ${CALLS + WARMUP} registrants recorded, found ${recorded}`);
    const perCall = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1000 / CALLS).toFixed(2);
    if (process.env.BENCH_VERBOSE) {
      console.error(`load process (fakes + load generator) cpu per action: ${(action.cpuMs / CALLS).toFixed(2)} ms, per floor call: ${(bare.cpuMs / CALLS).toFixed(2)} ms`);
    }
    console.log(
      `BENCH workflow-action actions_per_s=${action.perSecond.toFixed(1)} p50_ms=${action.p50.toFixed(2)} p99_ms=${action.p99.toFixed(2)} ` +
        `floor_actions_per_s=${bare.perSecond.toFixed(1)} app_cpu_ms_per_action=${perCall(cpu)} floor_cpu_ms_per_action=${perCall(floorCpu)} ` +
        `cold_actions_per_s=${cold.perSecond.toFixed(1)} cold_p99_ms=${cold.p99.toFixed(2)}`,
    );
  } finally {
    await load.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    floorServer.close();
    floorServer.closeAllConnections();
    services.sessionStore.close();
    await queue.stop(2000);
    await db.close();
    await drop();
  }
}

const startLoad = () => Promise.resolve(forkLoad<LoadMessage, AppMessage>("workflow-action-load"));
