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
import { countWebhookEvents } from "../src/webhooks/repository";
import { verifyZoomSignature } from "../src/webhooks/signature";
import { benchConfig, benchDatabase } from "./common";
import { forkLoad } from "./load-process";
import { WEBHOOK_PATH, type IntakeAppMessage, type IntakeLoadMessage } from "./webhook-intake-load";

/**
 * Signed Zoom webhooks (participant joins, each a different person) at a fixed
 * concurrency against the real app on a real database: verify, record durably with its
 * processing job, acknowledge. Workers are not running, so this is the intake alone.
 * The floor is a bare Express handler that only checks the signature, measured the
 * same way in the same run. `recorded` counts webhook_events rows after the run; it
 * must equal `sent`.
 *
 * This process is the app (and the floor's server). The load generator (Zoom) runs in
 * a child process (bench/webhook-intake-load.ts), as for the workflow-action bench:
 * Zoom is another machine in production, and sharing the app's event loop made the
 * benchmark measure the generator too. `app_cpu_ms_per_event` is this process's CPU
 * time over the measured events, divided by their number (`floor_cpu_ms_per_event` the
 * same for the floor).
 *
 * At a fixed concurrency the latency is mostly the queue the senders make themselves
 * (p50 ≈ concurrency / throughput). The paced run (`paced_*`) is the target as stated:
 * BENCH_WEBHOOK_RATE events per second (default 1,000) for 5 s, sent open-loop as Zoom
 * sends them, latency from each event's scheduled time.
 */

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5000);
const WARMUP = Number(process.env.BENCH_WEBHOOK_WARMUP ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 32);
/** The paced run's rate (events per second, open loop): the intake's target load. */
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 1000);
const SECRET = "bench-webhook-secret-token";

export async function run() {
  const load = await startLoad();
  await load.next("ready");
  const { db, drop } = await benchDatabase("webhooks");
  await migrate(db.sql);
  const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? "silent" });
  const config = benchConfig({
    HUBSPOT_CLIENT_ID: "bench",
    HUBSPOT_CLIENT_SECRET: "bench",
    HUBSPOT_APP_ID: "1",
    ZOOM_CLIENT_ID: "bench",
    ZOOM_CLIENT_SECRET: "bench",
    ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
  });
  const queue = await JobQueue.start(db, logger, { maintenance: false, jobs: APP_JOBS });
  const services = createServices({ config, db, logger, queue });
  const app = await listen(createApp(services));

  const floorApp = express();
  floorApp.use(jsonBody);
  floorApp.post(WEBHOOK_PATH, (req, res) => {
    const check = verifyZoomSignature({
      secret: SECRET,
      signature: req.get("x-zm-signature"),
      timestamp: req.get("x-zm-request-timestamp"),
      rawBody: req.rawBody,
    });
    res.status(check.ok ? 204 : 401).end();
  });
  const floor = await listen(floorApp);
  const measure = (target: string, total: number, rate?: number) =>
    load.measure({ type: "measure", target, secret: SECRET, total, concurrency: rate ? 4 * CONCURRENCY : CONCURRENCY, rate });

  try {
    await measure(floor.url, WARMUP);
    const floorCpu0 = process.cpuUsage();
    const bare = await measure(floor.url, EVENTS);
    const floorCpu = process.cpuUsage(floorCpu0);
    // Warm-up: connections, the pg-boss queue, and the JIT.
    await measure(app.url, WARMUP);
    const cpu0 = process.cpuUsage();
    const intake = await measure(app.url, EVENTS);
    const cpu = process.cpuUsage(cpu0);
    // The same app at a steady RATE events per second, as Zoom would send them.
    const paced = await measure(app.url, Math.round(RATE * 5), RATE);
    const sent = WARMUP + EVENTS + Math.round(RATE * 5);
    const perEvent = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1000 / EVENTS).toFixed(3);
    const recorded = await countWebhookEvents(db.prisma);
    console.log(
      `BENCH webhook-intake events_per_s=${intake.perSecond.toFixed(1)} p50_ms=${intake.p50.toFixed(2)} p99_ms=${intake.p99.toFixed(2)} ` +
        `floor_events_per_s=${bare.perSecond.toFixed(1)} floor_p99_ms=${bare.p99.toFixed(2)} ` +
        `paced_rate_per_s=${RATE} paced_p50_ms=${paced.p50.toFixed(2)} paced_p99_ms=${paced.p99.toFixed(2)} ` +
        `app_cpu_ms_per_event=${perEvent(cpu)} floor_cpu_ms_per_event=${perEvent(floorCpu)} concurrency=${CONCURRENCY} sent=${sent} recorded=${recorded}`,
    );
    if (recorded !== sent) throw new Error(`sent ${sent} signed events but ${recorded} were recorded`);
  } finally {
    await load.stop();
    await app.close();
    await floor.close();
    services.sessionStore.close();
    await queue.stop(2000);
    await db.close();
    await drop();
  }
}

/** An HTTP server on loopback. */
async function listen(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const startLoad = () => Promise.resolve(forkLoad<IntakeLoadMessage, IntakeAppMessage>("webhook-intake-load"));
