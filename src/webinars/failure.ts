import { appendAudit } from "../audit/audit";
import { zoomConnectionsOfAccount } from "../connections/repository/zoom-connections";
import { failWebhookEvent } from "../webhooks/repository";
import type { WebinarsDeps } from "./deps";
import { findWebinarByZoomId } from "./repository/webinars";

/**
 * An event that cannot be processed ends here: `failed` with its reason, one error
 * log line, and an entry in the audit log of its webinar (or of the portal when the
 * webinar is not recorded), so an admin sees it. Other events are not held up.
 */
export async function markEventFailed(s: Pick<WebinarsDeps, "db" | "logger">, eventId: string, err: unknown): Promise<void> {
  const reason = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
  const event = await failWebhookEvent(s.db.prisma, eventId, reason);
  s.logger.error({ eventId, eventType: event.eventType, accountId: event.accountId, reason }, "Zoom event failed for good");

  const payload = (event.payload ?? {}) as { payload?: { object?: { id?: unknown } } };
  const objectId = payload.payload?.object?.id;
  const zoomWebinarId = typeof objectId === "number" || typeof objectId === "string" ? String(objectId) : undefined;
  if (!event.accountId) return;
  const connections = await zoomConnectionsOfAccount(s.db.prisma, event.accountId);
  for (const connection of connections) {
    const webinar = zoomWebinarId ? await findWebinarByZoomId(s.db.prisma, connection.id, zoomWebinarId) : null;
    await appendAudit(s.db.prisma, {
      portalId: connection.portalId,
      webinarId: webinar?.id ?? null,
      level: "error",
      code: "SYNC_ERROR",
      message: `A Zoom event (${event.eventType}) could not be processed: ${reason}`,
      details: { reason: "event_processing_failed", eventId, eventType: event.eventType, zoomWebinarId: zoomWebinarId ?? null },
    });
  }
}
