import { zoomErrorKind } from "../zoom/errors";
import type { Prisma } from "../generated/prisma/client";
import type { HttpError } from "../lib/http-client";
import type { WebinarsDeps } from "./deps";
import { downloadRecordingFile, isZoomDownloadUrl } from "../zoom/endpoints/recordings";
import type { RecordingFile, RecordingObject } from "../zoom/schemas";
import { lockRecordingCreatingIt, updateRecording } from "./repository/recordings";
import type { Tx } from "./repository/webinars";

/**
 * Cloud recordings of a webinar instance (reference §A4 `recording.*`, §A5). Zoom sends
 * the video files and, later, the transcript in separate events, so files are merged
 * by id into one row per instance.
 */

const isTranscript = (f: RecordingFile) => f.file_type === "TRANSCRIPT" || f.recording_type === "audio_transcript";

/**
 * Downloads the WebVTT transcript, when the recording has a finished one. Zoom wants
 * the token in the Authorization header (query tokens are refused since 2023): the
 * event's `download_token` when given, else the connection's OAuth token. A 4xx means
 * there is no transcript to read (recorded as such); 5xx and network errors throw, so
 * the job retries.
 */
export async function fetchTranscript(
  s: Pick<WebinarsDeps, "config" | "logger" | "vault">,
  connectionId: string,
  files: RecordingFile[],
  downloadToken?: string,
): Promise<string | undefined> {
  const file = files.find((f) => isTranscript(f) && f.status !== "processing" && f.download_url);
  if (!file?.download_url) return undefined;
  if (!isZoomDownloadUrl(file.download_url, s.config)) {
    s.logger.warn({ connectionId }, "transcript download_url is not on a Zoom host; not downloaded");
    return undefined;
  }
  const downloadUrl = file.download_url;
  const download = (token: string) => downloadRecordingFile(downloadUrl, token);
  try {
    let body: unknown;
    try {
      body = await download(downloadToken ?? (await s.vault.getZoomAccessToken(connectionId)));
    } catch (err) {
      // The event's download token lives about a day; a late event falls back to OAuth.
      if (!(downloadToken && ["auth", "refused"].includes(zoomErrorKind(err)))) throw err;
      body = await download(await s.vault.getZoomAccessToken(connectionId));
    }
    return typeof body === "string" ? body : undefined;
  } catch (err) {
    if (["auth", "refused", "not_found"].includes(zoomErrorKind(err))) {
      s.logger.warn({ connectionId, status: (err as HttpError).status }, "Zoom transcript download refused; recorded without transcript");
      return undefined;
    }
    throw err;
  }
}

/** Records (or merges into) the recording of one webinar instance. */
export async function upsertRecording(tx: Tx, webinarId: string, o: RecordingObject, transcriptVtt?: string): Promise<void> {
  const current = await lockRecordingCreatingIt(tx, webinarId, o.uuid);
  const files = mergeFiles((current.files as RecordingFile[] | null) ?? [], o.recording_files);
  const status = files.length > 0 && files.every((f) => (f.status ?? "completed") === "completed") ? "completed" : "processing";
  await updateRecording(tx, current.id, {
    files: files as unknown as Prisma.InputJsonValue,
    status,
    shareUrl: o.share_url ?? current.shareUrl,
    startTime: o.start_time ?? current.startTime,
    durationMinutes: o.duration ?? current.durationMinutes,
    transcriptVtt: transcriptVtt ?? current.transcriptVtt,
  });
}

function mergeFiles(existing: RecordingFile[], incoming: RecordingFile[]): RecordingFile[] {
  const byKey = new Map<string, RecordingFile>();
  const keyOf = (f: RecordingFile) => f.id ?? `${f.file_type ?? ""}:${f.recording_type ?? ""}:${f.recording_start ?? ""}`;
  for (const f of existing) byKey.set(keyOf(f), f);
  for (const f of incoming) byKey.set(keyOf(f), { ...byKey.get(keyOf(f)), ...f });
  return [...byKey.values()];
}
