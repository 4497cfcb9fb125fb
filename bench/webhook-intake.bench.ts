import { randomUUID } from "node:crypto";
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
import { ZoomWebhookSender } from "../src/sandbox/fake-zoom/webhooks";
import { verifyZoomSignature } from "../src/webhooks/signature";
import { benchConfig, benchDatabase, summarize } from "./common";

/**
 * Signed Zoom webhooks (participant joins, each a different person) at a fixed
 * concurrency against the real app on a real database: verify, record durably with its
 * processing job, acknowledge. Workers are not running, so this is the intake alone.
 * The floor is a bare Express handler that only checks the signature, measured the
 * same way in the same run. `recorded` counts webhook_events rows after the run; it
 * must equal `sent`.
 */

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5000);
const WARMUP = 300;
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 32);
const SECRET = "bench-webhook-secret-token";
const ACCOUNT = "acct_bench";

export async function run() {
  const { db, drop } = await benchDatabase("webhooks");
  await migrate(db.sql);
  const logger = createLogger({ level: "silent" });
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
  floorApp.post("/webhooks/zoom", (req, res) => {
    const check = verifyZoomSignature({
      secret: SECRET,
      signature: req.get("x-zm-signature"),
      timestamp: req.get("x-zm-request-timestamp"),
      rawBody: req.rawBody,
    });
    res.status(check.ok ? 204 : 401).end();
  });
  const floor = await listen(floorApp);

  const sender = new ZoomWebhookSender(SECRET, "");
  let n = 0;
  const nextEvent = () => {
    const i = n++;
    const join = new Date(Date.UTC(2026, 10, 27, 10) + i * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const body = JSON.stringify({
      event: "webinar.participant_joined",
      event_ts: Date.now(),
      payload: {
        account_id: ACCOUNT,
        object: {
          id: "81000000001", uuid: "benchInstance==", host_id: "zu_host", topic: "Bench webinar", type: 5,
          start_time: "2026-11-27T10:00:00Z", duration: 60, timezone: "UTC",
          participant: { user_id: String(16_000_000 + i), user_name: `Person ${i}`, id: "", email: `p${i}@bench.example`, join_time: join },
        },
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    return { body, headers: { "x-zm-signature": sender.sign(body, timestamp), "x-zm-request-timestamp": String(timestamp), "x-zm-trackingid": randomUUID() } };
  };

  try {
    await measure(floor.post, WARMUP, nextEvent);
    const bare = await measure(floor.post, EVENTS, nextEvent);
    await measure(app.post, WARMUP, nextEvent);
    const intake = await measure(app.post, EVENTS, nextEvent);
    const sent = WARMUP + EVENTS;
    const recorded = await db.prisma.webhookEvent.count();
    console.log(
      `BENCH webhook-intake events_per_s=${intake.perSecond.toFixed(1)} p50_ms=${intake.p50.toFixed(2)} p99_ms=${intake.p99.toFixed(2)} ` +
        `floor_events_per_s=${bare.perSecond.toFixed(1)} sent=${sent} recorded=${recorded}`,
    );
    if (recorded !== sent) throw new Error(`sent ${sent} signed events but ${recorded} were recorded`);
  } finally {
    await app.close();
    await floor.close();
    services.sessionStore.close();
    await queue.stop(2000);
    await db.close();
    await drop();
  }
}

type Post = (event: { body: string; headers: Record<string, string> }) => Promise<number>;

/** An HTTP server on loopback, and a keep-alive client for it that returns the status. */
async function listen(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post: Post = (event) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path: "/webhooks/zoom", method: "POST", agent, headers: { ...event.headers, "content-type": "application/json", "content-length": Buffer.byteLength(event.body) } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(event.body);
    });
  return {
    post,
    async close() {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

/** Sends `total` events, `CONCURRENCY` at a time; every answer must be 204. Latencies in ms. */
async function measure(post: Post, total: number, next: () => { body: string; headers: Record<string, string> }) {
  const events = Array.from({ length: total }, next); // signed before the clock starts
  const latencies: number[] = [];
  let i = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (i < events.length) {
      const event = events[i++];
      const started = performance.now();
      const status = await post(event);
      latencies.push(performance.now() - started);
      if (status !== 204) throw new Error(`webhook answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return summarize(latencies, total, t0);
}

