import { randomUUID } from "node:crypto";
import http from "node:http";
import { Signature } from "@hubspot/api-client";
import { FakeHubSpot, FakeZoom, addFakeWebinar } from "@hzw/fakes";
import { summarize } from "./common";

/**
 * The other side of bench/workflow-action.bench.ts, in its own process (forked by it):
 * the zero-latency fakes of HubSpot and Zoom and the load generator. HubSpot and Zoom
 * are other machines in production; here they get the second core instead of sharing
 * the app's event loop, so what is measured is the app. The app's process asks, over
 * the IPC channel, for runs of signed calls against the app or against the floor.
 */

export const ACTION_PATH = "/hubspot/actions/add-to-webinar";
export const PORTAL_ID = 62515;
const ACCOUNT = "acct_bench";

/** Load side → app side. */
export type LoadMessage =
  | {
      type: "ready";
      hubspot: { url: string; clientId: string; clientSecret: string };
      zoom: { url: string; apiBaseUrl: string; clientId: string; clientSecret: string; webhookSecretToken: string };
      /** Tokens the fake Zoom accepts for the bench's connection. */
      zoomTokens: { accessToken: string; refreshToken: string; expiresIn: number };
    }
  | { type: "measured"; perSecond: number; p50: number; p99: number; cpuMs: number }
  | { type: "failed"; message: string };

/** App side → load side. */
export type AppMessage =
  | { type: "measure"; target: string; signedBaseUrl: string; total: number; concurrency: number }
  | { type: "stop" };

async function main() {
  const send = (m: LoadMessage) => {
    if (!process.send) throw new Error("the load process runs forked, with an IPC channel");
    process.send(m);
  };
  const hubspot = new FakeHubSpot();
  const zoom = new FakeZoom();
  await Promise.all([hubspot.start(), zoom.start()]);
  zoom.addAccount(ACCOUNT, [{ id: "zu_host", email: "host@bench.example", first_name: "H", last_name: "B", type: 2 }]);
  const webinar = addFakeWebinar(zoom, ACCOUNT, { id: "zu_host", email: "host@bench.example" }, { topic: "Bench webinar" });
  const zoomTokens = { accessToken: `zoom-${randomUUID()}`, refreshToken: `zoom-r-${randomUUID()}`, expiresIn: 3600 };
  zoom.accessTokens.set(zoomTokens.accessToken, { accountId: ACCOUNT, userId: "zu_host", expiresAt: Date.now() + 3_600_000 });

  let n = 0;
  const call = async (target: string, signedBaseUrl: string) => {
    const i = n++;
    const body = JSON.stringify({
      callbackId: `bench-${randomUUID()}`,
      origin: { portalId: PORTAL_ID },
      object: { objectId: i, objectType: "CONTACT", properties: { firstname: "Bench", lastname: `N${i}`, email: `bench${i}@example.org` } },
      inputFields: { webinarId: webinar.id },
    });
    const timestamp = Date.now();
    // Signed the way HubSpot signs (v3) for the app's public URL.
    const signature = Signature.getSignature("POST", "v3", {
      signature: "",
      clientSecret: hubspot.clientSecret,
      requestBody: body,
      url: signedBaseUrl + ACTION_PATH,
      timestamp,
    });
    const started = performance.now();
    const { status, text } = await post(target + ACTION_PATH, body, {
      "x-hubspot-signature-v3": signature,
      "x-hubspot-request-timestamp": String(timestamp),
    });
    const answer = JSON.parse(text) as { outputFields?: { hs_execution_state?: string } };
    if (status !== 200 || answer.outputFields?.hs_execution_state !== "SUCCESS") {
      throw new Error(`call ${i} answered ${status}: ${text}`);
    }
    return performance.now() - started;
  };

  process.on("message", (m: AppMessage) => {
    if (m.type === "stop") {
      agent.destroy();
      void Promise.all([hubspot.stop(), zoom.stop()]).finally(() => process.disconnect());
      return;
    }
    const cpu0 = process.cpuUsage();
    measure(() => call(m.target, m.signedBaseUrl), m.total, m.concurrency).then(
      (r) => {
        const cpu = process.cpuUsage(cpu0);
        send({ type: "measured", ...r, cpuMs: (cpu.user + cpu.system) / 1000 });
      },
      (err: unknown) => send({ type: "failed", message: (err as Error).message }),
    );
  });
  send({
    type: "ready",
    hubspot: { url: hubspot.url, clientId: hubspot.clientId, clientSecret: hubspot.clientSecret },
    zoom: {
      url: zoom.url,
      apiBaseUrl: zoom.apiBaseUrl,
      clientId: zoom.clientId,
      clientSecret: zoom.clientSecret,
      webhookSecretToken: zoom.webhookSecretToken,
    },
    zoomTokens,
  });
}

/** A keep-alive HTTP client. */
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

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
