import type { Config } from "../../config";
import { httpRequest } from "../../lib/http-client";
import { encodeZoomUuid, type ZoomApi } from "../api";
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

/**
 * A recording file's content, from its `download_url`, with the token in the
 * Authorization header (query tokens are refused since 2023): the event's
 * `download_token`, or the connection's OAuth token (scope ZOOM_DOWNLOAD_SCOPE,
 * src/zoom/scopes.ts). https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/meetings/{meetingId}/recordings
 */
export async function downloadRecordingFile(downloadUrl: string, token: string): Promise<unknown> {
  return (await httpRequest({ url: downloadUrl, headers: { authorization: `Bearer ${token}`, accept: "text/vtt, */*" } })).body;
}

/** Tokens go only to Zoom: zoom.us and its subdomains, or the configured Zoom base URLs. */
export function isZoomDownloadUrl(url: string, config: Pick<Config, "zoom">): boolean {
  let host: string;
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    return false;
  }
  const configured = [config.zoom.oauthBaseUrl, config.zoom.apiBaseUrl].map((u) => new URL(u).host.toLowerCase());
  return configured.includes(host) || host === "zoom.us" || host.endsWith(".zoom.us");
}
