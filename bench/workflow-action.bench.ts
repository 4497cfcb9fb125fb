import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createApp } from "../src/app";
import { migrate } from "../src/db/migrate";
import { jsonBody } from "../src/http/body";
import { createLogger } from "../src/lib/logger";
import { JobQueue } from "../src/queue/queue";
import { FakeHubSpot } from "../src/sandbox/fake-hubspot";
import { FakeZoom } from "../src/sandbox/fake-zoom";
import { addFakeWebinar } from "../src/sandbox/fake-zoom/registrants";
import { createServices } from "../src/services";
import { verifyHubSpotSignature } from "../src/workflow-action/signature";
import { Signature } from "@hubspot/api-client";
import { benchConfig, benchDatabase, summarize } from "./common";

/**
 * Signed workflow-action calls at a fixed concurrency against zero-latency fakes, each
 * a new contact for the same webinar (the common case: a workflow enrolling a list),
 * through the whole app: signature, portal, callback claim, Zoom lookup and
 * registration, the recorded fact and the sync request. The floor is a bare Express
 * handler that only checks the signature, measured the same way in the same run.
 */

const CALLS = Number(process.env.BENCH_WORKFLOW_CALLS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_WORKFLOW_CONCURRENCY ?? 16);
const PATH = "/hubspot/actions/add-to-webinar";
const PORTAL_ID = 62515;
const ACCOUNT = "acct_bench";

export async function run() {
  const hubspot = new FakeHubSpot();
  const zoom = new FakeZoom();
  await Promise.all([hubspot.start(), zoom.start()]);
  zoom.addAccount(ACCOUNT, [{ id: "zu_host", email: "host@bench.example", first_name: "H", last_name: "B", type: 2 }]);
  const webinar = addFakeWebinar(zoom, ACCOUNT, { id: "zu_host", email: "host@bench.example" }, { topic: "Bench webinar" });

  const { db, drop } = await benchDatabase("workflow");
  await migrate(db.sql);
  const logger = createLogger({ level: "silent" });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = benchConfig({
    APP_BASE_URL: url,
    HUBSPOT_CLIENT_ID: hubspot.clientId,
    HUBSPOT_CLIENT_SECRET: hubspot.clientSecret,
    HUBSPOT_APP_ID: "4242",
    HUBSPOT_API_BASE_URL: hubspot.url,
    ZOOM_CLIENT_ID: zoom.clientId,
    ZOOM_CLIENT_SECRET: zoom.clientSecret,
    ZOOM_WEBHOOK_SECRET_TOKEN: zoom.webhookSecretToken,
    ZOOM_OAUTH_BASE_URL: zoom.url,
    ZOOM_API_BASE_URL: zoom.apiBaseUrl,
  });
  const queue = await JobQueue.start(db, logger, { maintenance: false });
  const services = createServices({ config, db, logger, queue });
  server.on("request", createApp(services));

  // An installed portal with its Zoom account connected (tokens the fakes accept).
  const tokens = { accessToken: `zoom-${randomUUID()}`, refreshToken: `zoom-r-${randomUUID()}`, expiresIn: 3600 };
  zoom.accessTokens.set(tokens.accessToken, { accountId: ACCOUNT, userId: "zu_host", expiresAt: Date.now() + 3_600_000 });
  const hs = { accessToken: "hs-unused", refreshToken: "hs-unused-r", expiresIn: 1800 };
  await db.prisma.portal.create({ data: { id: BigInt(PORTAL_ID), installedByUserId: 1n, scopes: [], ...services.vault.seal(hs) } });
  await db.prisma.zoomConnection.create({
    data: { portalId: BigInt(PORTAL_ID), accountId: ACCOUNT, zoomUserId: "zu_host", email: "host@bench.example", scopes: [], ...services.vault.seal(tokens) },
  });

  const floor = express();
  floor.use(jsonBody);
  floor.post(PATH, (req, res) => {
    const check = verifyHubSpotSignature(req, config.hubspot.clientSecret, url);
    res.status(check.ok ? 200 : 401).json({ outputFields: { hs_execution_state: "SUCCESS" } });
  });
  const floorServer = http.createServer(floor);
  await new Promise<void>((resolve) => floorServer.listen(0, "127.0.0.1", resolve));
  const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}`;

  let n = 0;
  const call = async (target: string) => {
    const i = n++;
    const body = JSON.stringify({
      callbackId: `bench-${randomUUID()}`,
      origin: { portalId: PORTAL_ID },
      object: { objectId: i, objectType: "CONTACT", properties: { firstname: "Bench", lastname: `N${i}`, email: `bench${i}@example.org` } },
      inputFields: { webinarId: webinar.id },
    });
    const timestamp = Date.now();
    // Signed the way HubSpot signs (v3) for the app's public URL.
    const signature = Signature.getSignature("POST", "v3", { signature: "", clientSecret: hubspot.clientSecret, requestBody: body, url: url + PATH, timestamp });
    const started = performance.now();
    const { status, text } = await post(target + PATH, body, {
      "x-hubspot-signature-v3": signature,
      "x-hubspot-request-timestamp": String(timestamp),
    });
    const answer = JSON.parse(text) as { outputFields?: { hs_execution_state?: string } };
    if (status !== 200 || answer.outputFields?.hs_execution_state !== "SUCCESS") {
      throw new Error(`call ${i} answered ${status}: ${text}`);
    }
    return performance.now() - started;
  };

  try {
    await measure(() => call(url), 100, CONCURRENCY); // warm-up: connections, JIT, pg-boss queue
    const cpu0 = process.cpuUsage();
    const action = await measure(() => call(url), CALLS, CONCURRENCY);
    const cpu = process.cpuUsage(cpu0);
    if (process.env.BENCH_VERBOSE) console.error(`node cpu per action: ${((cpu.user + cpu.system) / 1000 / CALLS).toFixed(2)} ms`);
    await measure(() => call(floorUrl), 100, CONCURRENCY);
    const bare = await measure(() => call(floorUrl), CALLS, CONCURRENCY);
    const recorded = await db.prisma.registrant.count();
    if (recorded !== CALLS + 100) throw new Error(`expected ${CALLS + 100} registrants recorded, found ${recorded}`);
    console.log(
      `BENCH workflow-action actions_per_s=${action.perSecond.toFixed(1)} p50_ms=${action.p50.toFixed(2)} p99_ms=${action.p99.toFixed(2)} ` +
        `floor_actions_per_s=${bare.perSecond.toFixed(1)}`,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    floorServer.close();
    floorServer.closeAllConnections();
    agent.destroy();
    services.sessionStore.close();
    await queue.stop(2000);
    await db.close();
    await drop();
    await Promise.all([hubspot.stop(), zoom.stop()]);
  }
}

/** A keep-alive HTTP client that costs the shared CPU as little as possible. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `total` calls, `concurrency` at a time; latencies in ms. */
async function measure(one: () => Promise<number>, total: number, concurrency: number) {
  const latencies: number[] = [];
  let started = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (started < total) {
      started++;
      latencies.push(await one());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(latencies, total, t0);
}

