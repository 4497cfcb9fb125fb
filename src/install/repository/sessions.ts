import type { Prisma, PrismaClient } from "../../generated/prisma/client";

/** sessions, owned by src/install: express-session's store (src/install/session.ts). */

type Sessions = Pick<PrismaClient, "session">;

export function findSession(prisma: Sessions, sid: string) {
  return prisma.session.findUnique({ where: { sid } });
}

export async function saveSession(prisma: Sessions, sid: string, data: Prisma.InputJsonValue, expiresAt: Date): Promise<void> {
  await prisma.session.upsert({ where: { sid }, create: { sid, data, expiresAt }, update: { data, expiresAt } });
}

export async function deleteSession(prisma: Sessions, sid: string): Promise<void> {
  await prisma.session.deleteMany({ where: { sid } });
}

export async function extendSession(prisma: Sessions, sid: string, expiresAt: Date): Promise<void> {
  await prisma.session.updateMany({ where: { sid }, data: { expiresAt } });
}

export async function deleteExpiredSessions(prisma: Sessions, now = new Date()): Promise<void> {
  await prisma.session.deleteMany({ where: { expiresAt: { lt: now } } });
}
