import { randomBytes } from "node:crypto";
import { loadConfig, type LiveConfig } from "../src/config";
import pg from "pg";
import type { TokenVault } from "../src/connections/vault";
import { createTokenVault } from "../src/services";
import { openDatabase, type Database } from "../src/db/database";
import { hubspotWriters } from "../src/hubspot/writer";
import { TokenCipher } from "../src/lib/crypto";
import { createLogger } from "../src/lib/logger";
import { resolveSecrets } from "../src/lib/secrets";
import type { SyncDeps } from "../src/sync/sync-webinar";

/** A private database for one benchmark: a new one on the server of DATABASE_URL when set, embedded otherwise. */
export async function benchDatabase(label: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { db: await openDatabase({ inMemory: true }), drop: () => Promise.resolve() };
  const name = `hzw_bench_${label}_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { db: await openDatabase({ databaseUrl: url.toString() }), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Throughput and latency percentiles of a run that started at `t0` (performance.now()). */
export function summarize(latencies: number[], total: number, t0: number) {
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { perSecond: total / seconds, p50: at(0.5), p99: at(0.99) };
}

/** The app's configuration for a benchmark: silent, fresh secrets, `env` on top. */
export function benchConfig(env: NodeJS.ProcessEnv): LiveConfig {
  const config = loadConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ...env,
  });
  if (config.mode !== "live") throw new Error("a benchmark runs the app with the fakes' credentials");
  return config;
}

/**
 * Whether a bench line runs: all of them, or those BENCH_ONLY names (comma-separated,
 * e.g. BENCH_ONLY=sync-large).
 */
export function benchSelected(name: string): boolean {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  return !only?.length || only.includes(name);
}

/**
 * What the sync needs (src/sync/sync-webinar.ts), built as the app builds it (src/services.ts),
 * and the vault, whose `seal` stores the seeded portal's tokens.
 */
export function benchSyncDeps(env: NodeJS.ProcessEnv, db: Database): { deps: SyncDeps; vault: TokenVault } {
  const config = benchConfig(env);
  const logger = createLogger({ level: "silent" });
  const secrets = resolveSecrets(config);
  const vault = createTokenVault({ config, db, logger, cipher: new TokenCipher([secrets.tokenKey]) });
  return { deps: { db, config, logger, secrets, hubspotApi: hubspotWriters({ vault, config, db }) }, vault };
}
