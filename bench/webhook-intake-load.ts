import { randomUUID } from "node:crypto";
import http from "node:http";
import { ZoomWebhookSender } from "@hzw/fakes";
import { summarize } from "./common";

/**
 * The other side of bench/webhook-intake.bench.ts, in its own process (forked by it):
 * Zoom's load generator. Zoom is another machine in production; here it gets the second
 * core instead of sharing the app's event loop, so what is measured is the app. The
 * app's process asks, over the IPC channel, for runs of signed webhooks against the app
 * or against the floor.
 */

export const WEBHOOK_PATH = "/webhooks/zoom";
const ACCOUNT = "acct_bench";

/** Load side → app side. */
export type IntakeLoadMessage =
  | { type: "ready" }
  | { type: "measured"; perSecond: number; p50: number; p99: number; cpuMs: number }
  | { type: "failed"; message: string };

/**
 * App side → load side. With `rate`, the events are sent open-loop at that many per
 * second whatever the answers (as Zoom sends them), `concurrency` bounding the sockets,
 * and each latency runs from the event's scheduled time (so a stalled app shows in the
 * figures instead of slowing the generator down); without, `concurrency` senders each
 * send the next event as soon as the previous is answered.
 */
export type IntakeAppMessage =
  | { type: "measure"; target: string; secret: string; total: number; concurrency: number; rate?: number }
  | { type: "stop" };

let n = 0;
/** A signed `webinar.participant_joined`, each a different person (a new business key). */
function nextEvent(sender: ZoomWebhookSender) {
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
}

function main() {
  const send = (m: IntakeLoadMessage) => {
    if (!process.send) throw new Error("the load process runs forked, with an IPC channel");
    process.send(m);
  };
  let agent = new http.Agent({ keepAlive: true });
  process.on("message", (m: IntakeAppMessage) => {
    if (m.type === "stop") {
      agent.destroy();
      process.disconnect();
      return;
    }
    agent.destroy();
    agent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency });
    const sender = new ZoomWebhookSender(m.secret, "");
    // Signed before the clock starts: the generator's own work stays out of the figures.
    const events = Array.from({ length: m.total }, () => nextEvent(sender));
    const cpu0 = process.cpuUsage();
    const one = (e: (typeof events)[number]) => post(agent, m.target + WEBHOOK_PATH, e.body, e.headers);
    (m.rate ? measurePaced(events, m.rate, one) : measure(events, m.concurrency, one)).then(
      (r) => {
        const cpu = process.cpuUsage(cpu0);
        send({ type: "measured", ...r, cpuMs: (cpu.user + cpu.system) / 1000 });
      },
      (err: unknown) => send({ type: "failed", message: (err as Error).message }),
    );
  });
  send({ type: "ready" });
}

function post(agent: http.Agent, url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends every event, `concurrency` at a time; every answer must be 204. Latencies in ms. */
async function measure<E>(events: E[], concurrency: number, one: (e: E) => Promise<number>) {
  const latencies: number[] = [];
  let i = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (i < events.length) {
      const event = events[i++] as E;
      const started = performance.now();
      const status = await one(event);
      latencies.push(performance.now() - started);
      if (status !== 204) throw new Error(`webhook answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(latencies, events.length, t0);
}

/** Sends event i at t0 + i / rate (open loop); latencies in ms from each scheduled time. */
function measurePaced<E>(events: E[], rate: number, one: (e: E) => Promise<number>) {
  return new Promise<ReturnType<typeof summarize>>((resolve, reject) => {
    const latencies: number[] = [];
    let sent = 0;
    let failed = false;
    const t0 = performance.now();
    const tick = () => {
      const due = Math.min(events.length, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        const scheduled = t0 + (sent * 1000) / rate;
        one(events[sent] as E).then(
          (status) => {
            if (status !== 204 && !failed) {
              failed = true;
              return reject(new Error(`webhook answered ${status}`));
            }
            latencies.push(performance.now() - scheduled);
            if (latencies.length === events.length) resolve(summarize(latencies, events.length, t0));
          },
          (err: unknown) => {
            if (!failed) reject(err);
            failed = true;
          },
        );
      }
      if (sent < events.length && !failed) setTimeout(tick, 1);
    };
    tick();
  });
}

if (require.main === module) main();
