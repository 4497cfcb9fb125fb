import type { PrismaClient } from "../db/database";
import type { Prisma } from "../generated/prisma/client";
import { plainMessage } from "./messages";
import { auditEntriesOf, hasAuditEntry, insertAuditEntry, latestAuditEntries } from "./repository";

/**
 * The audit log of a webinar (CONTRACT.md §6): what a sync did and what it left out,
 * in words an admin understands. A sync that finds the same thing again (same code,
 * message and details as the newest entry of that code about the same thing) adds nothing, so re-syncs and
 * redeliveries do not flood the log.
 */
export type AuditLevel = "info" | "warning" | "error";

export type AuditCode =
  | "SYNCED"
  | "SYNC_DISABLED"
  | "RECORDING_NOT_SYNCED"
  | "ATTENDEES_NOT_SYNCED"
  | "DATA_NOT_SYNCED"
  | "EMAILS_EXCLUDED"
  | "SYNC_ERROR";

export interface AuditInput {
  portalId: bigint;
  webinarId: string;
  level: AuditLevel;
  code: AuditCode;
  message: string;
  details?: Record<string, unknown>;
  at?: Date;
}

export async function writeAudit(prisma: PrismaClient, input: AuditInput): Promise<boolean> {
  const entry = { ...input, message: plainMessage(input.message) };
  const details = (entry.details ?? {}) as Prisma.InputJsonValue;
  const recent = await latestAuditEntries(prisma, entry.webinarId, entry.code, 20);
  // The newest entry about the same thing (a recording has its own history).
  const subject = (d: unknown) => (d as { recordingId?: string } | null)?.recordingId ?? null;
  const last = recent.find((r) => subject(r.details) === subject(details));
  if (last && last.message === entry.message && sameJson(last.details, details)) return false;
  await appendAudit(prisma, { ...entry, details: entry.details ?? {} });
  return true;
}

/**
 * Adds the entry unless the webinar's log already holds one of this code with the same
 * details, whatever came after it: one entry per incident (the details name it, e.g.
 * `{ reason, since }`), however many syncs meet it. True when written.
 */
export async function writeAuditOnce(prisma: PrismaClient, entry: AuditInput & { details: Record<string, unknown> }): Promise<boolean> {
  if (await hasAuditEntry(prisma, entry.webinarId, entry.code, entry.details as Prisma.InputJsonValue)) return false;
  await appendAudit(prisma, entry);
  return true;
}

/**
 * Adds an entry as it is, even when the same was said before: for one-off events (a
 * Zoom event that failed for good). `webinarId` null: an entry about the portal.
 */
export async function appendAudit(prisma: PrismaClient, entry: Omit<AuditInput, "webinarId"> & { webinarId: string | null }): Promise<void> {
  await insertAuditEntry(prisma, {
    portalId: entry.portalId,
    webinarId: entry.webinarId,
    level: entry.level,
    code: entry.code,
    // No internal id or JSON path in words meant for the admin (./messages.ts).
    message: plainMessage(entry.message),
    details: (entry.details ?? {}) as Prisma.InputJsonValue,
    ...(entry.at && { at: entry.at }),
  });
}

/** Newest first, as GET /api/webinars/:id/audit answers. */
export async function listAudit(prisma: PrismaClient, webinarId: string, limit = 200) {
  const rows = await auditEntriesOf(prisma, webinarId, limit);
  return rows.map((r) => ({ at: r.at.toISOString(), level: r.level, code: r.code, message: r.message, details: r.details }));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}
