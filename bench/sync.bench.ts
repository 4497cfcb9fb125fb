import { randomUUID } from "node:crypto";
import { type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { ZOOM_CONTACT_PROPERTIES, ZOOM_PROPERTY_GROUP } from "../src/hubspot/properties";
import { BATCH_LIMIT } from "../src/hubspot/writer";
import { createLogger } from "../src/lib/logger";
import type { JobQueue } from "../src/queue/queue";
import { FakeHubSpot } from "../src/sandbox/fake-hubspot";
import { crmOf } from "../src/sandbox/fake-hubspot/crm";
import { createServices } from "../src/services";
import { syncWebinar } from "../src/sync/sync-webinar";
import { benchConfig, benchDatabase } from "./common";

/**
 * One webinar with 10,000 registrants, 8,000 of whom attended, synced to a fake HubSpot
 * that enforces the real limit (110 requests per rolling 10 s). `min_calls` is the
 * fewest calls the 100-per-batch limits allow for what the sync must write and check:
 * one page of HubSpot users, one page of the secondary-email search, the marketing event,
 * the contact upserts, the register records and the attend records; `floor_seconds` is
 * min_calls / 11 (CONTRACT.md §8).
 */
const REGISTRANTS = Number(process.env.BENCH_SYNC_REGISTRANTS ?? 10_000);
const ATTENDEES = Number(process.env.BENCH_SYNC_ATTENDEES ?? 8_000);
const PORTAL_ID = 62515;

export async function run() {
  const hubspot = new FakeHubSpot({ rateLimit: { max: 110, windowMs: 10_000 } });
  await hubspot.start();
  const portal = hubspot.addPortal(PORTAL_ID, 7001, [{ id: "7001", email: "admin@portal.example" }]);
  // The install made these; set directly so the measured window holds only the sync.
  portal.propertyGroups.set(ZOOM_PROPERTY_GROUP.name, ZOOM_PROPERTY_GROUP);
  for (const p of ZOOM_CONTACT_PROPERTIES) portal.properties.set(p.name, { ...p, groupName: ZOOM_PROPERTY_GROUP.name });

  const { db, drop } = await benchDatabase("sync");
  await migrate(db.sql);
  const logger = createLogger({ level: "silent" });
  const config = benchConfig({
    HUBSPOT_CLIENT_ID: hubspot.clientId,
    HUBSPOT_CLIENT_SECRET: hubspot.clientSecret,
    HUBSPOT_APP_ID: "4242",
    HUBSPOT_API_BASE_URL: hubspot.url,
    ZOOM_CLIENT_ID: "zoom-client",
    ZOOM_CLIENT_SECRET: "zoom-secret",
    ZOOM_WEBHOOK_SECRET_TOKEN: "zoom-webhook-secret",
  });
  const services = createServices({ config, db, logger, queue: undefined as unknown as JobQueue });
  const webinarId = await seed(db, services.vault.seal.bind(services.vault), hubspot);

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  // The fake keeps every request it got (bodies included) for tests to read; here they
  // are only counted, so the fake's log does not weigh on the measured memory.
  let counted = 0;
  const drain = () => {
    counted += hubspot.calls.filter((c) => !c.path.startsWith("/oauth")).length;
    hubspot.calls.length = 0;
  };
  drain();
  counted = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    drain();
  }, 100);
  const apiCalls = () => (drain(), counted);
  const started = process.hrtime.bigint();
  await syncWebinar(services, webinarId);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  const batches = (n: number) => Math.ceil(n / BATCH_LIMIT);
  const minCalls = 1 + 1 + 1 + batches(REGISTRANTS) + batches(REGISTRANTS) + batches(ATTENDEES);
  const contacts = [...crmOf(portal).contacts.values()].filter((c) => !c.archived).length;
  console.log(
    `BENCH sync seconds=${seconds.toFixed(1)} floor_seconds=${(minCalls / 11).toFixed(1)} calls=${apiCalls()} ` +
      `min_calls=${minCalls} contacts=${contacts} eligible=${REGISTRANTS} peak_rss_mb=${Math.round(peak / 1024 / 1024)}`,
  );
  console.error(`note: rss before the sync ${Math.round(baseline / 1024 / 1024)} MB`);
  if ((hubspot.rateLimited.get(PORTAL_ID) ?? 0) > 0) console.error(`note: the fake answered 429 ${hubspot.rateLimited.get(PORTAL_ID)} times`);
  services.sessionStore.close();
  await db.close();
  await drop();
  await hubspot.stop();
}

/** The installed portal, its Zoom connection, and the webinar's recorded facts. */
async function seed(db: Database, seal: (t: { accessToken: string; refreshToken: string; expiresIn: number }) => object, hubspot: FakeHubSpot) {
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
    FROM generate_series(0, ${REGISTRANTS - 1}::int) AS i`;
  await prisma.$executeRaw`
    INSERT INTO participant_events (id, webinar_id, participant_key, email, name, kind, at, source)
    SELECT gen_random_uuid(), ${webinar.id}::uuid, 'p-' || i, 'person' || i || '@bench.example', 'First' || i || ' Bench', k.kind,
           ${start}::timestamptz + ((i % 30) + k.offset_min) * interval '1 minute', 'webhook'
    FROM generate_series(0, ${ATTENDEES - 1}::int) AS i, (VALUES ('join', 0), ('leave', 30)) AS k(kind, offset_min)`;
  return webinar.id;
}

