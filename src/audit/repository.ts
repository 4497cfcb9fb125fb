import type { Prisma } from "../generated/prisma/client";

/** The audit_entries table (owner: src/audit). Others write through src/audit/audit.ts. */

type Tx = Prisma.TransactionClient;

export interface AuditRow {
  portalId: bigint;
  /** Null: an entry about the portal, not one webinar. */
  webinarId: string | null;
  level: string;
  code: string;
  message: string;
  details: Prisma.InputJsonValue;
  at?: Date;
}

export async function insertAuditEntry(tx: Tx, entry: AuditRow): Promise<void> {
  await tx.auditEntry.create({ data: entry });
}

/** The newest entries of one code about a webinar, newest first. */
export function latestAuditEntries(tx: Tx, webinarId: string, code: string, take: number) {
  return tx.auditEntry.findMany({ where: { webinarId, code }, orderBy: { at: "desc" }, take });
}

/** A webinar's entries, newest first. */
export function auditEntriesOf(tx: Tx, webinarId: string, take: number) {
  return tx.auditEntry.findMany({ where: { webinarId }, orderBy: [{ at: "desc" }, { id: "desc" }], take });
}

/** Whether the webinar's log already holds an entry of this code with exactly these details. */
export async function hasAuditEntry(tx: Tx, webinarId: string, code: string, details: Prisma.InputJsonValue): Promise<boolean> {
  return (await tx.auditEntry.findFirst({ where: { webinarId, code, details: { equals: details } }, select: { id: true } })) !== null;
}
