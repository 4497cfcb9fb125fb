import type { ZoomConnection } from "../generated/prisma/client";
import { canReadReports, listPastParticipants, listReportParticipants, ParticipantRow } from "../zoom/endpoints/participants";
import { zoomReadOrNone } from "../zoom/errors";
import { participantKeyOf } from "../zoom/schemas";
import type { WebinarsDeps } from "./deps";
import type { JoinOrLeave } from "./people";

/**
 * Who attended one webinar instance, from Zoom's API: the participant report when the
 * connection may read it, else past participants (src/zoom/endpoints/participants.ts).
 * Each row is one session: it becomes a join and a leave with the same participant key
 * the webhooks use, so the two sources meet instead of doubling.
 */

/** `undefined` when Zoom has no participant data for this instance (not held, not ready, too old). */
export async function listInstanceAttendance(
  s: Pick<WebinarsDeps, "zoomApi">,
  connection: ZoomConnection,
  instanceUuid: string,
): Promise<JoinOrLeave[] | undefined> {
  const api = s.zoomApi(connection.id);
  let rows: unknown[] | undefined;
  if (canReadReports(connection)) {
    rows = await zoomReadOrNone(listReportParticipants(api, instanceUuid));
  }
  rows ??= await zoomReadOrNone(listPastParticipants(api, instanceUuid));
  if (!rows) return undefined;
  return attendanceOfRows(rows, instanceUuid);
}

/** Participant rows (one per session) as joins and leaves; waiting-room rows and rows naming nobody are left out. */
export function attendanceOfRows(rows: unknown[], instanceUuid: string): JoinOrLeave[] {
  const events: JoinOrLeave[] = [];
  for (const raw of rows) {
    const parsed = ParticipantRow.safeParse(raw);
    if (!parsed.success || parsed.data.status === "in_waiting_room") continue;
    const r = parsed.data;
    const email = r.user_email ? r.user_email.toLowerCase() : undefined;
    const participantKey = participantKeyOf({ user_id: r.user_id, email, id: r.id });
    if (!participantKey) continue;
    const who = { instanceUuid, participantKey, email, name: r.name, registrantId: r.registrant_id, source: "report" as const };
    if (r.join_time) events.push({ ...who, kind: "join", at: r.join_time });
    if (r.leave_time) events.push({ ...who, kind: "leave", at: r.leave_time });
  }
  return events;
}
