import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Config } from "../config";

export interface Secrets {
  sessionSecret: string;
  tokenKey: Buffer;
}

/**
 * The session secret and token key. Outside sandbox mode they come from the
 * environment (config validation requires them). In sandbox mode, when unset, they are
 * made once and kept in DATA_DIR so sessions and stored tokens survive restarts.
 */
export function resolveSecrets(config: Config): Secrets {
  if (config.sessionSecret && config.tokenEncryptionKey) {
    return { sessionSecret: config.sessionSecret, tokenKey: config.tokenEncryptionKey };
  }
  if (!config.sandbox) throw new Error("SESSION_SECRET and TOKEN_ENCRYPTION_KEY are required outside sandbox mode");
  const file = path.join(config.dataDir, "sandbox-secrets.json");
  let stored: { sessionSecret: string; tokenKey: string };
  try {
    stored = JSON.parse(fs.readFileSync(file, "utf8")) as typeof stored;
  } catch {
    stored = { sessionSecret: randomBytes(32).toString("hex"), tokenKey: randomBytes(32).toString("base64") };
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return {
    sessionSecret: config.sessionSecret ?? stored.sessionSecret,
    tokenKey: config.tokenEncryptionKey ?? Buffer.from(stored.tokenKey, "base64"),
  };
}
