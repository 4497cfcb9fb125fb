import type { PrismaClient } from "../../db/database";

/** oauth_states, owned by src/install: the used nonces of signed OAuth states (src/install/oauth-state.ts). */

type States = Pick<PrismaClient, "oAuthState">;

/** Records the nonce as used; false when it already was. */
export async function useOAuthNonce(prisma: States, state: { nonce: string; provider: string; expiresAt: Date }): Promise<boolean> {
  const { count } = await prisma.oAuthState.createMany({ data: [state], skipDuplicates: true });
  return count === 1;
}

/** Deletes used states whose validity is over (they can no longer be presented); how many. */
export async function deleteExpiredOAuthStates(prisma: States, now = new Date()): Promise<number> {
  const { count } = await prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
