import { fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { ZOOM_CONTACT_PROPERTIES, ZOOM_PROPERTY_GROUP } from "../src/hubspot/properties";
import { BATCH_LIMIT } from "../src/hubspot/writer";
import { FakeHubSpot, crmOf } from "@hzw/fakes";
import { syncWebinar } from "../src/sync/sync-webinar";
import { benchDatabase, benchSelected, benchSyncDeps } from "./common";
import type { SyncRun, SyncRunResult } from "./sync-app";

/**
 * One webinar's sync to a fake HubSpot that enforces the real limit (110 requests per
 * rolling 10 s). Two lines: `sync` (10,000 registrants, 8,000 of whom attended) and
 * `sync-large` (100,000 and 80,000); run one with BENCH_ONLY=sync-large. `min_calls`
 * is the fewest calls the 100-per-batch limits allow for what the sync must write and
 * check: one page of HubSpot users, one page of the secondary-email search, the
 * marketing event and its completion (the webinar has ended), the contact upserts, the
 * register records and the attend records; `floor_seconds` is min_calls / 11
 * (CONTRACT.md §8).
 *
 * On real Postgres (DATABASE_URL) the sync runs in a child process (bench/sync-app.ts)
 * and `peak_rss_mb` is that process's: the fake HubSpot (which keeps every contact)
 * and the seeding stay here, as they are other machines in production. On the embedded
 * database the sync must share this process, and its figure includes the fake's memory.
 */
const LINES = [
  { name: "sync", registrants: Number(process.env.BENCH_SYNC_REGISTRANTS ?? 10_000), attendees: Number(process.env.BENCH_SYNC_ATTENDEES ?? 8_000) },
  {
    name: "sync-large",
    registrants: Number(process.env.BENCH_SYNC_LARGE_REGISTRANTS ?? 100_000),
    attendees: Number(process.env.BENCH_SYNC_LARGE_ATTENDEES ?? 80_000),
  },
];
const PORTAL_ID = 62515;

export async function run() {
  for (const line of LINES) if (benchSelected(line.name)) await runLine(line);
}

async function runLine(line: (typeof LINES)[number]) {
  const { name, registrants: REGISTRANTS, attendees: ATTENDEES } = line;
  const hubspot = new FakeHubSpot({ rateLimit: { max: 110, windowMs: 10_000 } });
  await hubspot.start();
  const portal = hubspot.addPortal(PORTAL_ID, 7001, [{ id: "7001", email: "admin@portal.example" }]);
  // The install made these; set directly so the measured window holds only the sync.
  portal.propertyGroups.set(ZOOM_PROPERTY_GROUP.name, ZOOM_PROPERTY_GROUP);
  for (const p of ZOOM_CONTACT_PROPERTIES) portal.properties.set(p.name, { ...p, groupName: ZOOM_PROPERTY_GROUP.name });

  const { db, drop } = await benchDatabase(name.replace("-", "_"));
  await migrate(db.sql);
  const env = {
    SESSION_SECRET: randomBytes(32).toString("hex"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    HUBSPOT_CLIENT_ID: hubspot.clientId,
    HUBSPOT_CLIENT_SECRET: hubspot.clientSecret,
    HUBSPOT_APP_ID: "4242",
    HUBSPOT_API_BASE_URL: hubspot.url,
    ZOOM_CLIENT_ID: "zoom-client",
    ZOOM_CLIENT_SECRET: "zoom-secret",
    ZOOM_WEBHOOK_SECRET_TOKEN: "zoom-webhook-secret",
  };
  const { deps, vault } = benchSyncDeps(env, db);
  const webinarId = await seed(db, vault.seal.bind(vault), hubspot, REGISTRANTS, ATTENDEES);

  // The fake keeps every request it got (bodies included) for tests to read; here they
  // are only counted (by endpoint, for the note below), so its log does not grow.
  const byPath = new Map<string, number>();
  const drain = () => {
    for (const c of hubspot.calls) {
      if (c.path.startsWith("/oauth")) continue;
      const key = `${c.method} ${c.path.replace(/\/\d+(?=\/|$)/g, "/{id}")}`;
      byPath.set(key, (byPath.get(key) ?? 0) + 1);
    }
    hubspot.calls.length = 0;
  };
  drain();
  byPath.clear();
  const drainer = setInterval(drain, 100);

  let result: Omit<Extract<SyncRunResult, { type: "done" }>, "type">;
  if (db.connectionString) {
    result = await syncInChild({ type: "run", databaseUrl: db.connectionString, env, webinarId });
  } else {
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = process.hrtime.bigint();
    const { calls } = await syncWebinar(deps, webinarId);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    result = { seconds, peakRss: Math.max(peakRss, process.memoryUsage().rss), baselineRss, calls };
  }
  clearInterval(drainer);
  drain();
  const apiCalls = [...byPath.values()].reduce((a, b) => a + b, 0);

  const batches = (n: number) => Math.ceil(n / BATCH_LIMIT);
  const minCalls = 1 + 1 + 1 + 1 + batches(REGISTRANTS) + batches(REGISTRANTS) + batches(ATTENDEES);
  const contacts = [...crmOf(portal).contacts.values()].filter((c) => !c.archived).length;
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  console.log(
    `BENCH ${name} seconds=${result.seconds.toFixed(1)} floor_seconds=${(minCalls / 11).toFixed(1)} calls=${apiCalls} ` +
      `min_calls=${minCalls} contacts=${contacts} eligible=${REGISTRANTS} peak_rss_mb=${mb(result.peakRss)}`,
  );
  console.error(
    `note: ${name}: ${db.connectionString ? "sync in a child process" : "sync in this process (embedded database)"}; ` +
      `rss before the sync ${mb(result.baselineRss)} MB; calls ${[...byPath].map(([k, n]) => `${k}=${n}`).join(", ")}`,
  );
  if ((hubspot.rateLimited.get(PORTAL_ID) ?? 0) > 0) console.error(`note: the fake answered 429 ${hubspot.rateLimited.get(PORTAL_ID) ?? 0} times`);
  await db.close();
  await drop();
  await hubspot.stop();
}

/** Runs the sync in bench/sync-app (compiled next to this file, or run by the same loader). */
async function syncInChild(message: SyncRun) {
  const file = path.join(__dirname, `sync-app${path.extname(__filename)}`);
  // BENCH_SYNC_NODE_FLAGS: node flags of the app's process (e.g. "--max-old-space-size=256", as a deployment would set in NODE_OPTIONS).
  const flags = (process.env.BENCH_SYNC_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const child = fork(file, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: [...process.execArgv, ...flags] });
  const answer = await new Promise<SyncRunResult>((resolve, reject) => {
    child.once("message", (m) => resolve(m as SyncRunResult));
    child.once("exit", (code, signal) => reject(new Error(`the sync process exited (${signal ?? String(code)})`)));
    child.send(message);
  });
  if (answer.type === "failed") throw new Error(`sync process: ${answer.message}`);
  const { type: _type, ...result } = answer;
  return result;
}

/** The installed portal, its Zoom connection, and the webinar's recorded facts. */
async function seed(
  db: Database,
  seal: (t: { accessToken: string; refreshToken: string; expiresIn: number }) => object,
  hubspot: FakeHubSpot,
  registrants: number,
  attendees: number,
) {
  const accessToken = `hs-bench-${randomUUID()}`;
  hubspot.accessTokens.set(accessToken, { hubId: PORTAL_ID, expiresAt: Date.now() + 3_600_000 });
  const prisma = db.prisma;
  await prisma.portal.create({
    data: {
      id: BigInt(PORTAL_ID), installedByUserId: 7001n, scopes: [], webinarSyncEnabled: true, webinarSyncScope: "all",
      ...seal({ accessToken, refreshToken: "hs-bench-refresh", expiresIn: 3600 }),
    },
  });
  const connection = await prisma.zoomConnection.create({
    data: { portalId: BigInt(PORTAL_ID), accountId: "acct_bench", zoomUserId: "zu_host", email: "host@bench.example", scopes: [] },
  });
  const start = new Date("2026-11-20T15:00:00Z");
  const webinar = await prisma.webinar.create({
    data: {
      connectionId: connection.id, zoomWebinarId: "89000000001", topic: "Bench webinar", startTime: start, actualStartTime: start,
      endedAt: new Date(start.getTime() + 3_600_000), durationMinutes: 60, hostId: "zu_host", hostEmail: "host@bench.example",
      joinUrl: "https://zoom.example/w/89000000001",
    },
  });
  // Generated in the database: the setup should not weigh on the measured process.
  await prisma.$executeRaw`
    INSERT INTO registrants (id, webinar_id, email, first_name, last_name, join_url, registered_at, source, updated_at)
    SELECT gen_random_uuid(), ${webinar.id}::uuid, 'person' || i || '@bench.example', 'First' || i, 'Bench',
           'https://zoom.example/j/' || i, ${start}::timestamptz - interval '1 day' + i * interval '1 millisecond', 'webhook', now()
    FROM generate_series(0, ${registrants - 1}::int) AS i`;
  await prisma.$executeRaw`
    INSERT INTO participant_events (id, webinar_id, participant_key, email, name, kind, at, source)
    SELECT gen_random_uuid(), ${webinar.id}::uuid, 'p-' || i, 'person' || i || '@bench.example', 'First' || i || ' Bench', k.kind,
           ${start}::timestamptz + ((i % 30) + k.offset_min) * interval '1 minute', 'webhook'
    FROM generate_series(0, ${attendees - 1}::int) AS i, (VALUES ('join', 0), ('leave', 30)) AS k(kind, offset_min)`;
  await prisma.$executeRaw`ANALYZE registrants`;
  await prisma.$executeRaw`ANALYZE participant_events`;
  return webinar.id;
}
