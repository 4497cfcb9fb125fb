import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import pg from "pg";
import { errorHandler } from "../../src/http/errors";
import { FakeHubSpot, FakeZoom, ZoomWebhookSender } from "@hzw/fakes";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { worldEnv } from "../helpers/world";
import { eventually } from "../webhooks/harness";
import { startAppProcess, type AppProcess } from "./processes";

/**
 * Database blips (issue #12 point 3): connections lost under load (a failover, a restart,
 * `pg_terminate_backend`, an idle timeout) never end the process; requests in flight
 * answer 503 (a webhook: non-2xx, so Zoom delivers it again; never 2xx unless
 * recorded), and the app serves again on its own.
 */
describe("a lost database connection in a request", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    const lost: Record<string, () => unknown> = {
      // pg: the server ended the session (pg_terminate_backend, a restart)…
      terminated: () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" }),
      // …the socket went away under a checked-out client…
      "socket-gone": () => new Error("Connection terminated unexpectedly"),
      // …or nothing listens (the database is down); Prisma's adapter wraps it.
      refused: () => Object.assign(new Error("Invalid `prisma.webhookEvent.create()` invocation"), { code: "P1001", cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) }),
      // A query error is not an outage: it stays a 500.
      "bad-query": () => Object.assign(new Error('relation "nope" does not exist'), { code: "42P01" }),
    };
    app.post("/webhooks/zoom/:kind", (req) => {
      throw lost[req.params.kind]!();
    });
    app.use(errorHandler);
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(["terminated", "socket-gone", "refused"])("when the database connection is %s, then the answer is 503 with a clear JSON error and Retry-After", async (kind) => {
    const res = await fetch(`${url}/webhooks/zoom/${kind}`, { method: "POST", headers: { accept: "application/json" } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: expect.objectContaining({ code: "DATABASE_UNAVAILABLE", message: expect.stringMatching(/database is unavailable/) }) });
  });

  it("when a query itself fails, then the answer is a 500 as before", async () => {
    const res = await fetch(`${url}/webhooks/zoom/bad-query`, { method: "POST", headers: { accept: "application/json" } });
    expect(res.status).toBe(500);
  });
});

/** Terminating backends needs a real PostgreSQL server (the embedded database has no connections to lose). */
if (process.env.DATABASE_URL) {
  describe("the app process while its database backends are terminated during a webhook flood", () => {
    const EVENTS = 2000;
    const CONCURRENCY = 16;
    let db: TestDatabase;
    let hubspot: FakeHubSpot;
    let zoom: FakeZoom;
    let app: AppProcess;
    let sender: ZoomWebhookSender;
    let port: number;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

    beforeAll(async () => {
      hubspot = new FakeHubSpot();
      zoom = new FakeZoom();
      await Promise.all([hubspot.start(), zoom.start()]);
      db = await createTestDatabase("postgres");
      app = startAppProcess("all", { DATABASE_URL: db.connectionString, ...worldEnv(hubspot, zoom) });
      const appUrl = await app.url();
      port = Number(new URL(appUrl).port);
      sender = new ZoomWebhookSender(zoom.webhookSecretToken, `${appUrl}/webhooks/zoom`);
    }, 60_000);
    afterAll(async () => {
      agent.destroy();
      await app?.kill("SIGTERM");
      await Promise.all([hubspot?.stop(), zoom?.stop()]);
      await db?.destroy();
    });

    /** A signed participant_joined for person `i`, as Zoom sends it. */
    const event = (i: number) => {
      const body = JSON.stringify({
        event: "webinar.participant_joined",
        event_ts: Date.now(),
        payload: {
          account_id: "acct_blip",
          object: {
            id: "81000000042", uuid: "blipInstance==", host_id: "zu_host", topic: "Blip webinar", type: 5,
            start_time: "2026-11-27T10:00:00Z", duration: 60, timezone: "UTC",
            participant: { user_id: String(17_000_000 + i), user_name: `Person ${i}`, id: "", email: `p${i}@blip.example`, join_time: new Date(Date.UTC(2026, 10, 27, 10) + i * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") },
          },
        },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      return { body, headers: { "x-zm-signature": sender.sign(body, timestamp), "x-zm-request-timestamp": String(timestamp), "x-zm-trackingid": randomUUID() } };
    };

    /** Status of the answer, or the transport error's message (a crashed process: "socket hang up", ECONNREFUSED). */
    const post = (e: { body: string; headers: Record<string, string> }) =>
      new Promise<number | string>((resolve) => {
        const req = http.request(
          { host: "127.0.0.1", port, path: "/webhooks/zoom", method: "POST", agent, headers: { ...e.headers, "content-type": "application/json", "content-length": Buffer.byteLength(e.body) } },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", (err) => resolve(err.message));
        req.end(e.body);
      });

    /** Ends every session of the app's database but this one (what a failover or restart does to the app). */
    const terminateBackends = async () => {
      const client = new pg.Client({ connectionString: db.connectionString });
      await client.connect();
      try {
        const { rows } = await client.query("SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        return rows[0].n as number;
      } finally {
        await client.end();
      }
    };

    /** As during a restart: the database refuses new sessions and loses its current ones, for `ms`. */
    const outage = async (ms: number) => {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const name = new URL(db.connectionString!).pathname.slice(1);
      try {
        await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
        await new Promise((r) => setTimeout(r, ms));
      } finally {
        await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
        await admin.end();
      }
      return Date.now();
    };

    /** Sends `count` events from `first` at CONCURRENCY; `during(answered)` runs alongside. */
    const flood = async (first: number, count: number, during: (answered: () => number) => Promise<void>) => {
      const answers = new Map<number, number | string>();
      const answeredAt = new Map<number, number>();
      let next = first;
      let answered = 0;
      const lane = async () => {
        while (next < first + count) {
          const i = next++;
          answers.set(i, await post(event(i)));
          answeredAt.set(i, Date.now());
          answered++;
        }
      };
      await Promise.all([...Array.from({ length: CONCURRENCY }, lane), during(() => answered)]);
      return { answers, answeredAt };
    };

    const recordedEmails = async (emails: string[]) =>
      new Set(
        (
          await db.sql.query<{ email: string }>(
            `SELECT payload #>> '{payload,object,participant,email}' AS email FROM webhook_events WHERE payload #>> '{payload,object,participant,email}' = ANY ($1)`,
            [emails],
          )
        ).map((r) => r.email),
      );

    it("when backends are terminated three times mid-flood, then the process lives, every 2xx was recorded, the rest were 5xx, and it serves again on its own", async () => {
      const answers = new Map<number, number | string>();
      let next = 0;
      let answered = 0;
      const terminations: number[] = [];
      const lane = async () => {
        while (next < EVENTS) {
          const i = next++;
          answers.set(i, await post(event(i)));
          answered++;
        }
      };
      const killer = (async () => {
        for (const at of [0.15, 0.45, 0.75]) {
          while (answered < EVENTS * at) await new Promise((r) => setTimeout(r, 5));
          terminations.push(await terminateBackends());
        }
      })();
      await Promise.all([...Array.from({ length: CONCURRENCY }, lane), killer]);

      const statuses = [...answers.values()];
      const ok = [...answers].filter(([, s]) => s === 204 || s === 200).map(([i]) => `p${i}@blip.example`);
      const refused = statuses.filter((s) => typeof s === "number" && s >= 500);
      const other = statuses.filter((s) => !(s === 204 || s === 200 || (typeof s === "number" && s >= 500)));
      const recorded = await recordedEmails(ok);
      const lost = ok.filter((email) => !recorded.has(email));
      console.log(
        `database blips: ${EVENTS} webhooks at concurrency ${CONCURRENCY}, backends terminated 3 times (${terminations.join(", ")} sessions): ` +
          `${ok.length} answered 2xx, ${refused.length} answered 5xx (${[...new Set(refused)].join("/") || "-"}), ${other.length} other; ` +
          `answered 2xx but not recorded: ${lost.length}`,
      );

      // Alive (and if not, why: the end of its output).
      const ended = app.child.exitCode !== null || app.child.signalCode !== null;
      expect({ ended, output: ended ? app.output().slice(-4000) : "" }).toEqual({ ended: false, output: "" });
      expect(terminations.every((n) => n > 0)).toBe(true);
      expect(other).toEqual([]);
      expect(lost).toEqual([]);
      expect(ok.length + refused.length).toBe(EVENTS);

      // Serves again on its own: a new event is accepted (and recorded) at once.
      const after = Date.now();
      const status = await eventually(async () => {
        const s = await post(event(EVENTS + 1));
        return s === 204 ? s : undefined;
      }, "a webhook to be accepted again", 10_000);
      console.log(`database blips: a new webhook was answered 204 ${Date.now() - after} ms after the flood`);
      expect(status).toBe(204);
      expect((await recordedEmails([`p${EVENTS + 1}@blip.example`])).size).toBe(1);

      // The job queue (pg-boss's own pool, terminated too) works again: every recorded event is processed.
      await eventually(
        async () => Number((await db.sql.query<{ n: string }>("SELECT count(*) AS n FROM webhook_events WHERE status = 'pending'"))[0]!.n) === 0,
        "every recorded event to be processed",
        90_000,
      );
      expect(app.output()).not.toMatch(/uncaught|unhandled/i);
    }, 180_000);

    it("when the database refuses connections for 3 s mid-flood (as in a restart), then the process lives, every 2xx was recorded, and it serves again within seconds of its return", async () => {
      const first = 10_000;
      let returnedAt = 0;
      const { answers, answeredAt } = await flood(first, EVENTS, async (answered) => {
        while (answered() < EVENTS * 0.3) await new Promise((r) => setTimeout(r, 5));
        returnedAt = await outage(3000);
      });
      // Requests that met the outage answered 503; then the first 2xx after the database returned.
      const firstOkAfter = Math.min(...[...answers].filter(([i, s]) => s === 204 && answeredAt.get(i)! > returnedAt).map(([i]) => answeredAt.get(i)!));
      const statuses = [...answers.values()];
      const ok = [...answers].filter(([, s]) => s === 204 || s === 200).map(([i]) => `p${i}@blip.example`);
      const refused = statuses.filter((s) => typeof s === "number" && s >= 500);
      const recorded = await recordedEmails(ok);
      const lost = ok.filter((email) => !recorded.has(email));
      await eventually(async () => (await post(event(first + EVENTS + 1))) === 204, "a webhook to be accepted again", 10_000);
      console.log(
        `database outage (3 s, connections refused): ${ok.length} answered 2xx, ${refused.length} answered 5xx (${[...new Set(refused)].join("/") || "-"}); ` +
          `answered 2xx but not recorded: ${lost.length}; first 204 ${firstOkAfter - returnedAt} ms after the database returned`,
      );

      expect(app.child.exitCode).toBeNull();
      expect(Number.isFinite(firstOkAfter)).toBe(true);
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused)).toEqual(new Set([503]));
      expect(lost).toEqual([]);
      expect(ok.length + refused.length).toBe(EVENTS);
    }, 180_000);
  });
}
