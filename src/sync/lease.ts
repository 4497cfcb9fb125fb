import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "../db/database";
import { releaseSyncLease, takeSyncLease } from "./repository/lease";

/**
 * One sync per portal at a time, across processes (table sync_leases): two webinars
 * that share people must not write those people's properties out of order. The lease
 * is renewed while held and expires if its holder dies.
 */
export class SyncBusyError extends Error {
  constructor(portalId: bigint) {
    super(`Another sync of portal ${portalId} is running`);
    this.name = "SyncBusyError";
  }
}

export async function withPortalLease<T>(
  prisma: PrismaClient,
  portalId: bigint,
  fn: () => Promise<T>,
  options: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  // 30 s (renewed every 10 s): a dead holder's lease is free by the time crash recovery
  // (src/queue/recovery.ts, ~30–40 s) has put its job back, so the sync resumes within 60 s.
  const ttlMs = options.ttlMs ?? 30_000;
  const holder = randomUUID();
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  const acquire = () => takeSyncLease(prisma, portalId, holder, ttlMs);
  while (!(await acquire())) {
    if (Date.now() > deadline) throw new SyncBusyError(portalId);
    await sleep(250 + Math.random() * 250);
  }
  const renew = setInterval(() => void acquire().catch(() => undefined), ttlMs / 3);
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await releaseSyncLease(prisma, portalId, holder);
  }
}
