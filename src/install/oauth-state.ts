import type { Request, Response } from "express";
import type { PrismaClient } from "../db/database";
import { deleteExpiredOAuthStates, useOAuthNonce } from "./repository/oauth-states";
import { hmacSha256, randomToken, safeEqual } from "../lib/crypto";
import { createHash } from "node:crypto";

/**
 * OAuth `state` for passport-oauth2 (its `store` option). A state is
 *  - signed: `<payload>.<HMAC-SHA256(session secret, payload)>`;
 *  - bound to the browser: the payload holds the hash of a random value kept in an
 *    httpOnly cookie set when the flow starts;
 *  - short-lived: it expires after 10 minutes;
 *  - single-use: the callback records its nonce as used (a row kept until the state
 *    expires); a second use finds the row and is refused.
 * Nothing is written when a flow starts: an anonymous `GET /install` costs no row, so
 * it cannot be used to fill the database (it is also rate-limited per client,
 * src/install/routes.ts). A row exists only for a state that came back signed, unexpired
 * and from the browser it was given to; rows past their expiry are pruned
 * (src/privacy/retention.ts, and here at each callback).
 */

export const STATE_TTL_MS = 10 * 60 * 1000;
const cookieName = (provider: string) => `hzw.oauth.${provider}`;
const sha256 = (v: string) => createHash("sha256").update(v).digest("base64url");

interface StatePayload {
  n: string;
  p: string;
  e: number;
  b: string;
}

type StoreCallback = (err: Error | null, state?: string) => void;
type VerifyCallback = (err: Error | null, ok: boolean, info?: { message: string }) => void;

export class SignedStateStore {
  constructor(
    private readonly provider: "hubspot" | "zoom",
    private readonly secret: string,
    private readonly prisma: Pick<PrismaClient, "oAuthState">,
    private readonly secureCookies: boolean,
  ) {}

  store(req: Request, _meta: unknown, cb: StoreCallback) {
    const binding = randomToken(24);
    const payload: StatePayload = { n: randomToken(18), p: this.provider, e: Date.now() + STATE_TTL_MS, b: sha256(binding) };
    const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
    const state = `${encoded}.${this.sign(encoded)}`;
    const res = req.res as Response;
    res.cookie(cookieName(this.provider), binding, {
      httpOnly: true,
      sameSite: "lax",
      secure: this.secureCookies,
      maxAge: STATE_TTL_MS,
      path: "/oauth",
    });
    cb(null, state);
  }

  verify(req: Request, state: unknown, _meta: unknown, cb: VerifyCallback): void {
    const refuse = (message: string) => cb(null, false, { message });
    if (typeof state !== "string" || !state.includes(".")) return refuse("The sign-in link is missing its state");
    const [encoded = "", signature] = state.split(".", 2);
    if (!signature || !safeEqual(signature, this.sign(encoded))) return refuse("The sign-in state is not ours");
    let payload: StatePayload;
    try {
      payload = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as StatePayload;
    } catch {
      return refuse("The sign-in state is not ours");
    }
    if (payload.p !== this.provider) return refuse("The sign-in state is for another flow");
    if (payload.e < Date.now()) return refuse("The sign-in link expired; please start again");
    const binding = readCookie(req, cookieName(this.provider));
    if (!binding || !safeEqual(sha256(binding), payload.b)) {
      return refuse("The sign-in was started in another browser; please start again here");
    }
    (req.res as Response).clearCookie(cookieName(this.provider), { path: "/oauth" });
    // The first use records the nonce; a second finds it taken (the row outlives the
    // state's validity, so a used state cannot come back after its row is pruned).
    useOAuthNonce(this.prisma, { nonce: payload.n, provider: this.provider, expiresAt: new Date(payload.e) }).then(
      (first) => (first ? cb(null, true) : refuse("The sign-in link was already used; please start again")),
      (err: unknown) => cb(err as Error, false),
    );
    // Used states past their expiry are of no use to anyone.
    void deleteExpiredOAuthStates(this.prisma).catch(() => undefined);
  }

  private sign(encoded: string) {
    return hmacSha256(this.secret, `oauth-state:${encoded}`).digest("base64url");
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}
