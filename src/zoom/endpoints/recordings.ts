import type { ZoomApi } from "../api";
import { encodeZoomUuid } from "../api";
import { zoomEndpoint, zoomPath } from "../endpoint";
import { RecordingObject } from "../schemas";

/**
 * GET /meetings/{meetingId}/recordings (takes webinar ids and uuids) —
 * https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/meetings/{meetingId}/recordings
 * The answer is the `recording.*` events' object (RecordingObject, src/zoom/schemas.ts).
 * Its files are downloaded from their `download_url` (src/webinars/recordings.ts).
 */
export const LIST_RECORDINGS = zoomEndpoint("GET", "/meetings/{meetingId}/recordings");

/** The instance's recording; a ZodError means Zoom's answer is not one. */
export async function getRecordings(api: ZoomApi, instance: string): Promise<RecordingObject> {
  return RecordingObject.parse(await api.get(zoomPath(LIST_RECORDINGS, { meetingId: encodeZoomUuid(instance) })));
}
