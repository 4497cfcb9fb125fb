import { hkdfSync } from "node:crypto";
import type { Runner } from "../db/statement";
import { hmacSha256 } from "../lib/crypto";
import type { Secrets } from "../lib/secrets";
import { latestRegistrationsOf, portalHasTombstones, tombstonesOf, upsertTombstones } from "./repository/tombstones";

/**
 * What a HubSpot privacy deletion leaves behind (CONTRACT.md §10): not the email, but a
 * keyed hash of it (HMAC-SHA256 of the lower-cased email, with a key derived from
 * TOKEN_ENCRYPTION_KEY) and the time of the deletion, per portal. Zoom facts about that
 * email that arrive later are recorded as usual; the sync recognises the person by the
 * hash and does not re-create the contact unless they registered again after the
 * deletion. A keyed hash, not a plain one: emails are guessable, and without the key a
 * list of candidate emails cannot be tested against the table.
 * Rotating TOKEN_ENCRYPTION_KEY changes the key, and earlier tombstones no longer match.
 */

export type TombstoneKey = Buffer & { readonly __tombstoneKey: unique symbol };

export function tombstoneKey(secrets: Pick<Secrets, "tokenKey">): TombstoneKey {
  return Buffer.from(hkdfSync("sha256", secrets.tokenKey, Buffer.alloc(0), "privacy-tombstone/v1", 32)) as TombstoneKey;
}

export const emailHash = (key: TombstoneKey, email: string) => hmacSha256(key, email.trim().toLowerCase()).digest("hex");

/** Records the deletion of these emails in the portal; a later deletion moves the time on. */
export async function writeTombstones(db: Runner, key: TombstoneKey, portalId: bigint, emails: string[], deletedAt: Date): Promise<void> {
  if (emails.length === 0) return;
  await upsertTombstones(db, portalId, [...new Set(emails.map((e) => emailHash(key, e)))], deletedAt);
}

/**
 * Of these (lower-cased) emails, the people erased by a privacy deletion in this portal
 * and not registered again since (a registration to any of the portal's webinars newer
 * than the deletion). Costs one query when the portal has no tombstone at all.
 */
export async function erasedEmails(db: Runner, key: TombstoneKey, portalId: bigint, emails: string[]): Promise<Set<string>> {
  const erased = new Set<string>();
  if (emails.length === 0) return erased;
  if (!(await portalHasTombstones(db, portalId))) return erased;
  const byHash = new Map(emails.map((e) => [emailHash(key, e), e]));
  const stones = await tombstonesOf(db, portalId, [...byHash.keys()]);
  if (stones.length === 0) return erased;
  const deletedAt = new Map(
    stones.flatMap((s) => {
      const email = byHash.get(s.email_hash);
      return email === undefined ? [] : [[email, s.deleted_at] as const];
    }),
  );
  const latest = await latestRegistrationsOf(db, portalId, [...deletedAt.keys()]);
  const registered = new Map(latest.map((r) => [r.email, r.at]));
  for (const [email, at] of deletedAt) {
    const since = registered.get(email);
    if (!since || since <= at) erased.add(email);
  }
  return erased;
}
