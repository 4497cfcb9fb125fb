import http from "node:http";
import type { AddressInfo } from "node:net";
import { FakeHubSpot, FakeZoom } from "@hzw/fakes";
import { createApp } from "../src/app";
import type { Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { HUBSPOT_CALLBACK_PATH, ZOOM_CALLBACK_PATH } from "../src/http/public-paths";
import { createLogger } from "../src/lib/logger";
import { JobQueue } from "../src/queue/queue";
import { createServices } from "../src/services";
import { APP_JOBS } from "../src/workers";
import { benchConfig, benchDatabase, summarize } from "./common";

/**
 * The settings page of a portal with 1,000 webinars (issue #14: under a second on the
 * reference machine): GET /settings and the list's first page, GET /api/webinars
 * (100 webinars with their registrant and attendee counts), one after the other as the
 * browser asks for them. The admin signs in through the real install and Zoom connect
 * flows against the fakes (in this process: they only serve the sign-in). Printed:
 * the pair's p50 and p99 over BENCH_SETTINGS_ROUNDS rounds after a warm-up, each part's
 * p50, and the walk of every page (limit 100) as `all_pages_ms`.
 */

const WEBINARS = Number(process.env.BENCH_SETTINGS_WEBINARS ?? 1000);
const ROUNDS = Number(process.env.BENCH_SETTINGS_ROUNDS ?? 50);
const WARMUP = 5;
const REGISTRANTS_PER_WEBINAR = 20;
const RUNS_PER_WEBINAR = 5;
const PORTAL_ID = 62515;

export async function run() {
  const hubspot = new FakeHubSpot();
  const zoom = new FakeZoom();
  await Promise.all([hubspot.start(), zoom.start()]);
  hubspot.addPortal(PORTAL_ID, 7001, [{ id: "7001", email: "admin@portal.example" }]);
  zoom.addAccount("acct_bench", [
    { id: "zu_a", email: "a@zoomco.example", first_name: "Ada", last_name: "Host", type: 2, role_name: "Owner" },
    { id: "zu_b", email: "b@zoomco.example", first_name: "Bo", last_name: "Host", type: 2 },
  ]);

  const { db, drop } = await benchDatabase("settings");
  await migrate(db.sql);
  const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? "silent" });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  const config = benchConfig({
    APP_BASE_URL: url,
    HUBSPOT_CLIENT_ID: hubspot.clientId,
    HUBSPOT_CLIENT_SECRET: hubspot.clientSecret,
    HUBSPOT_APP_ID: "4242",
    HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
    HUBSPOT_API_BASE_URL: hubspot.url,
    ZOOM_CLIENT_ID: zoom.clientId,
    ZOOM_CLIENT_SECRET: zoom.clientSecret,
    ZOOM_WEBHOOK_SECRET_TOKEN: zoom.webhookSecretToken,
    ZOOM_OAUTH_BASE_URL: zoom.url,
    ZOOM_API_BASE_URL: zoom.apiBaseUrl,
  });
  hubspot.redirectUris = [`${url}${HUBSPOT_CALLBACK_PATH}`];
  zoom.redirectUris = [`${url}${ZOOM_CALLBACK_PATH}`];
  const queue = await JobQueue.start(db, logger, { maintenance: false, jobs: APP_JOBS });
  const services = createServices({ config, db, logger, queue });
  server.on("request", createApp(services));

  try {
    const browser = new CookieBrowser();
    const authorize = new URL(await browser.goUntilHost(`${url}/install`, new URL(hubspot.url).host));
    authorize.searchParams.set("portal", String(PORTAL_ID));
    await browser.expectSettings(authorize.toString());
    await browser.expectSettings(`${url}/oauth/zoom/connect`);
    const connection = await db.prisma.zoomConnection.findFirstOrThrow({ where: { portalId: BigInt(PORTAL_ID) } });
    await seed(db, connection.id);

    const get = async (path: string) => {
      const t0 = performance.now();
      const res = await browser.fetch(`${url}${path}`);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${String(res.status)} ${body.slice(0, 200)}`);
      return { ms: performance.now() - t0, res, body };
    };
    const pairs: number[] = [];
    const pages: number[] = [];
    const lists: number[] = [];
    let first = 0;
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const page = await get("/settings");
      const list = await get("/api/webinars");
      first = (JSON.parse(list.body) as unknown[]).length;
      if (i < WARMUP) continue;
      pages.push(page.ms);
      lists.push(list.ms);
      pairs.push(page.ms + list.ms);
    }
    const walk0 = performance.now();
    let seen = 0;
    for (let after: string | null = ""; after !== null; ) {
      const list = await get(`/api/webinars?limit=100${after ? `&after=${after}` : ""}`);
      seen += (JSON.parse(list.body) as unknown[]).length;
      after = list.res.headers.get("x-next-after");
    }
    const walkMs = performance.now() - walk0;
    if (seen !== WEBINARS) throw new Error(`walked ${String(seen)} webinars, expected ${String(WEBINARS)}`);
    const p50 = (xs: number[]) => summarize(xs, xs.length, performance.now()).p50.toFixed(2);
    const pair = summarize(pairs, pairs.length, performance.now());
    console.log(
      `BENCH settings-page p50_ms=${pair.p50.toFixed(2)} p99_ms=${pair.p99.toFixed(2)} settings_p50_ms=${p50(pages)} ` +
        `webinars_p50_ms=${p50(lists)} all_pages_ms=${walkMs.toFixed(1)} webinars=${String(WEBINARS)} first_page=${String(first)} rounds=${String(ROUNDS)}`,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    services.sessionStore.close();
    await queue.stop(2000);
    await db.close();
    await drop();
    await Promise.all([hubspot.stop(), zoom.stop()]);
  }
}

/**
 * 1,000 webinars over two hosts, a day apart, each with 20 registrants of whom 10 joined,
 * so the counts have work to do. Set-based SQL: row by row takes most of a minute on PGlite,
 * long enough for the signed-in browser's kept-alive connection to go stale.
 */
async function seed(db: Database, connectionId: string) {
  await db.sql.query(
    `INSERT INTO webinars (id, connection_id, zoom_webinar_id, topic, start_time, host_id, host_email, updated_at)
     SELECT gen_random_uuid(), $1::uuid, (82000000000 + i)::text, 'Webinar ' || i, $2::timestamptz - i * interval '1 day',
       CASE WHEN i % 2 = 1 THEN 'zu_a' ELSE 'zu_b' END, CASE WHEN i % 2 = 1 THEN 'a@zoomco.example' ELSE 'b@zoomco.example' END, now()
     FROM generate_series(0, $3::int - 1) AS i`,
    [connectionId, "2026-12-01T16:00:00Z", WEBINARS],
  );
  await db.sql.query(
    `INSERT INTO registrants (id, webinar_id, email, registered_at, source, updated_at)
     SELECT gen_random_uuid(), w.id, 'p' || j || '@people.example', now(), 'webhook', now()
     FROM webinars w, generate_series(0, $1::int - 1) AS j WHERE w.connection_id = $2::uuid`,
    [REGISTRANTS_PER_WEBINAR, connectionId],
  );
  await db.sql.query(
    `INSERT INTO participant_events (id, webinar_id, participant_key, email, kind, at, source)
     SELECT gen_random_uuid(), w.id, 'uid:' || j, 'p' || j || '@people.example', 'join', now(), 'webhook'
     FROM webinars w, generate_series(0, $1::int / 2 - 1) AS j WHERE w.connection_id = $2::uuid`,
    [REGISTRANTS_PER_WEBINAR, connectionId],
  );
  // Each webinar's sync history: RUNS_PER_WEBINAR runs, the newest counted, so the list's
  // latest-run look-up (src/sync/repository/runs.ts latestRuns) has history to skip.
  await db.sql.query(
    `INSERT INTO sync_runs (id, portal_id, webinar_id, trigger, status, queued_at, started_at, finished_at, written, total, counts, message)
     SELECT gen_random_uuid(), c.portal_id, w.id, 'automatic', CASE WHEN k = 0 THEN 'synced' ELSE 'no_changes' END,
       now() - k * interval '1 hour', now() - k * interval '1 hour', now() - k * interval '1 hour', 20, 20,
       '{"hubspot":{"contacts":20,"registrations":20,"attendees":10},"registrants":20,"excluded":{"hubspot_user":0,"excluded_domain":0,"invalid_email":0,"secondary_email":0,"no_email":0},"deleted":0,"written":{},"averageAttendancePercent":50}'::jsonb,
       'Sync finished: no changes'
     FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id, generate_series(0, $1::int - 1) AS k WHERE w.connection_id = $2::uuid`,
    [RUNS_PER_WEBINAR, connectionId],
  );
}

/** Follows redirects across the app and the fakes, keeping cookies per host (the OAuth sign-in). */
class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async fetch(url: string): Promise<Response> {
    const host = new URL(url).host;
    const cookies = [...(this.jar.get(host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, { headers: cookies ? { cookie: cookies } : {}, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [name = "", ...rest] = (line.split(";")[0] ?? "").trim().split("=");
      const jar = this.jar.get(host) ?? new Map<string, string>();
      jar.set(name, rest.join("="));
      this.jar.set(host, jar);
    }
    return res;
  }

  /** Follows redirects from `url` until one points at `host`; returns that address. */
  async goUntilHost(url: string, host: string): Promise<string> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      const res = await this.fetch(current);
      await res.arrayBuffer();
      const location = res.headers.get("location");
      if (!location) throw new Error(`${current} answered ${String(res.status)} without a redirect`);
      current = new URL(location, current).toString();
      if (new URL(current).host === host) return current;
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Follows redirects from `url`; the last answer must be the settings page. */
  async expectSettings(url: string): Promise<void> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      const res = await this.fetch(current);
      await res.arrayBuffer();
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).toString();
        continue;
      }
      if (res.status !== 200 || !current.endsWith("/settings")) throw new Error(`sign-in ended at ${current} with ${String(res.status)}`);
      return;
    }
    throw new Error(`Too many redirects from ${url}`);
  }
}
