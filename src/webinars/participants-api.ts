import { z } from "zod";
import type { ZoomConnection } from "../generated/prisma/client";
import { HttpError } from "../lib/http-client";
import type { Services } from "../services";
import { encodeZoomUuid } from "../zoom/api";
import { participantKeyOf, ZoomTime } from "./payloads";
import type { JoinOrLeave } from "./people";

/**
 * Who attended one webinar instance, from Zoom's API (reference §A5): the participant
 * report `GET /report/webinars/{uuid}/participants` for account-level apps with
 * `report:read:admin` (it keeps six months and names registrants), otherwise
 * `GET /past_webinars/{uuid}/participants`. Both are paged with next_page_token. Each
 * row is one session: it becomes a join and a leave with the same participant key the
 * webhooks use, so the two sources meet instead of doubling.
 */

const ReportRow = z
  .object({
    id: z.string().optional(),
    user_id: z.union([z.string(), z.number()]).optional().transform((v) => (v === undefined || v === "" ? undefined : String(v))),
    name: z.string().optional(),
    user_email: z.string().optional(),
    registrant_id: z.string().optional(),
    join_time: ZoomTime.optional(),
    leave_time: ZoomTime.optional(),
    status: z.string().optional(),
  })
  .passthrough();

const REPORT_SCOPES = ["report:read:admin", "report:read:list_webinar_participants:admin"];

/** Whether the connection may read the participant report (else: past participants). */
export const canReadReports = (connection: Pick<ZoomConnection, "scopes">) => connection.scopes.some((scope) => REPORT_SCOPES.includes(scope));

/** GET /report/webinars/{webinarId}/participants — https://developers.zoom.us/docs/api/reports/#tag/reports/GET/report/webinars/{webinarId}/participants */
export const reportParticipantsPath = (instanceUuid: string) => `/report/webinars/${encodeZoomUuid(instanceUuid)}/participants`;
export const REPORT_QUERY = { include_fields: "registrant_id" };
/** GET /past_webinars/{webinarUUID}/participants — https://developers.zoom.us/docs/api/webinars/#tag/webinars/GET/past_webinars/{webinarId}/participants */
export const pastParticipantsPath = (instanceUuid: string) => `/past_webinars/${encodeZoomUuid(instanceUuid)}/participants`;

/** `undefined` when Zoom has no participant data for this instance (not held, not ready, too old). */
export async function listInstanceAttendance(
  s: Services,
  connection: ZoomConnection,
  instanceUuid: string,
): Promise<JoinOrLeave[] | undefined> {
  const api = s.zoomApi(connection.id);
  let rows: unknown[] | undefined;
  if (canReadReports(connection)) {
    rows = await orNoData(api.list<unknown>(reportParticipantsPath(instanceUuid), "participants", REPORT_QUERY));
  }
  rows ??= await orNoData(api.list<unknown>(pastParticipantsPath(instanceUuid), "participants"));
  if (!rows) return undefined;
  return attendanceOfRows(rows, instanceUuid);
}

/** Participant rows (one per session) as joins and leaves; waiting-room rows and rows naming nobody are left out. */
export function attendanceOfRows(rows: unknown[], instanceUuid: string): JoinOrLeave[] {
  const events: JoinOrLeave[] = [];
  for (const raw of rows) {
    const parsed = ReportRow.safeParse(raw);
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

/**
 * 404 (webinar or data not found) and 400/403 (report not available to this app or
 * plan) mean "no data here"; anything else is an error worth retrying.
 */
export async function orNoData<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof HttpError && [400, 403, 404].includes(err.status)) return undefined;
    throw err;
  }
}
