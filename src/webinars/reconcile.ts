import type { Services } from "../services";
import { requestWebinarSync } from "../queue/sync-webinar-job";
import { listInstanceAttendance } from "./participants-api";
import { recordJoinsAndLeaves } from "./people";

/**
 * After `webinar.ended`: the attendance Zoom reports for that instance is merged into
 * the recorded joins and leaves. Webhooks can be late, doubled or lost; this fills in
 * anyone they missed. `found: false` when Zoom has no data (yet).
 */
export async function reconcileAttendance(
  s: Services,
  webinarId: string,
  instanceUuid: string,
): Promise<{ found: boolean; added: number }> {
  const webinar = await s.db.prisma.webinar.findUnique({ where: { id: webinarId }, include: { connection: true } });
  if (!webinar || webinar.connection.status !== "active") return { found: true, added: 0 };
  const events = await listInstanceAttendance(s, webinar.connection, instanceUuid);
  if (!events) return { found: false, added: 0 };
  const added = await s.db.prisma.$transaction(async (tx) => {
    const n = await recordJoinsAndLeaves(tx, webinar.id, events);
    if (n > 0) await requestWebinarSync(s.queue, webinar.id, { tx });
    return n;
  });
  if (added > 0) s.logger.info({ webinarId, instanceUuid, added }, "attendance reconciled from Zoom");
  return { found: true, added };
}
