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
  if (config.mode === "live") return { sessionSecret: config.sessionSecret, tokenKey: config.tokenEncryptionKey };
  const { sessionSecret, tokenEncryptionKey } = config;
  if (sessionSecret && tokenEncryptionKey) return { sessionSecret, tokenKey: tokenEncryptionKey };
  const stored = storedSandboxSecrets(config.dataDir);
  return { sessionSecret: sessionSecret ?? stored.sessionSecret, tokenKey: tokenEncryptionKey ?? Buffer.from(stored.tokenKey, "base64") };
}

function storedSandboxSecrets(dataDir: string): { sessionSecret: string; tokenKey: string } {
  const file = path.join(dataDir, "sandbox-secrets.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as { sessionSecret: string; tokenKey: string };
  } catch {
    const made = { sessionSecret: randomBytes(32).toString("hex"), tokenKey: randomBytes(32).toString("base64") };
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(made), { mode: 0o600 });
    return made;
  }
}
