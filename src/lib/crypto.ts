import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * AES-256-GCM for secrets at rest (OAuth tokens). Each value is stored as
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts): a random 12-byte IV per
 * value, GCM's auth tag, and the id of the key that sealed it, so a new key can be
 * introduced later while old values stay readable.
 */
export class TokenCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;
  private readonly currentKey: Buffer;

  /** `keys[0]` seals new values; all of them open old ones. */
  constructor(keys: Buffer[]) {
    const [first] = keys;
    if (!first) throw new Error("TokenCipher needs at least one key");
    for (const key of keys) {
      if (key.length !== 32) throw new Error("Token encryption keys must be 32 bytes");
      this.keys.set(keyIdOf(key), key);
    }
    this.currentKey = first;
    this.currentKeyId = keyIdOf(first);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.currentKey, iv);
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", this.currentKeyId, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(".");
  }

  decrypt(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split(".");
    if (version !== "v1" || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new Error("Not an encrypted token");
    }
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`Token was sealed with unknown key ${keyId}`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  }
}

/** A short public fingerprint of a key: never the key itself. */
export const keyIdOf = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

const b64 = (buf: Buffer) => buf.toString("base64url");

export const hmacSha256 = (secret: string | Buffer, message: string | Buffer) =>
  createHmac("sha256", secret).update(message);

/** Constant-time string comparison (different lengths compare unequal without leaking where). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
