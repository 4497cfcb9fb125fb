import { z } from "zod";
import type { ZoomConnection } from "../../generated/prisma/client";
import { encodeZoomUuid, type ZoomApi } from "../api";
import { zoomEndpoint, zoomPage, zoomPath, type ZoomPage } from "../endpoint";
import { ZoomParticipantUserId, ZoomTime } from "../schemas";

/**
 * Who attended one webinar instance (reference §A5): the participant report for
 * account-level apps with a report scope (it keeps six months and names registrants),
 * otherwise past participants. Both are paged with next_page_token; each row is one
 * session.
 */

/** A row of either list. */
export const ParticipantRow = z
  .object({
    id: z.string().optional(),
    user_id: ZoomParticipantUserId,
    name: z.string().optional(),
    user_email: z.string().optional(),
    registrant_id: z.string().optional(),
    join_time: ZoomTime.optional(),
    leave_time: ZoomTime.optional(),
    status: z.string().optional(),
  })
  .loose();
export type ParticipantRow = z.infer<typeof ParticipantRow>;

/** GET /report/webinars/{webinarId}/participants — https://developers.zoom.us/docs/api/reports/#tag/reports/GET/report/webinars/{webinarId}/participants */
export const LIST_REPORT_PARTICIPANTS = zoomEndpoint("GET", "/report/webinars/{webinarId}/participants");
const REPORT_QUERY = { include_fields: "registrant_id" };
const REPORT_SCOPES = ["report:read:admin", "report:read:list_webinar_participants:admin"];

/** Whether the connection may read the participant report (else: past participants). */
export const canReadReports = (connection: Pick<ZoomConnection, "scopes">) => connection.scopes.some((scope) => REPORT_SCOPES.includes(scope));

const reportPath = (instanceUuid: string) => zoomPath(LIST_REPORT_PARTICIPANTS, { webinarId: encodeZoomUuid(instanceUuid) });
export const listReportParticipants = (api: ZoomApi, instanceUuid: string) => api.list<unknown>(reportPath(instanceUuid), "participants", REPORT_QUERY);
export const reportParticipantsPage = (api: ZoomApi, instanceUuid: string, pageToken?: string): Promise<ZoomPage> =>
  zoomPage(api, reportPath(instanceUuid), "participants", REPORT_QUERY, pageToken);

/** GET /past_webinars/{webinarUUID}/participants — https://developers.zoom.us/docs/api/webinars/#tag/webinars/GET/past_webinars/{webinarId}/participants */
export const LIST_PAST_PARTICIPANTS = zoomEndpoint("GET", "/past_webinars/{webinarUuid}/participants");
const pastPath = (instanceUuid: string) => zoomPath(LIST_PAST_PARTICIPANTS, { webinarUuid: encodeZoomUuid(instanceUuid) });
export const listPastParticipants = (api: ZoomApi, instanceUuid: string) => api.list<unknown>(pastPath(instanceUuid), "participants");
export const pastParticipantsPage = (api: ZoomApi, instanceUuid: string, pageToken?: string): Promise<ZoomPage> =>
  zoomPage(api, pastPath(instanceUuid), "participants", {}, pageToken);
