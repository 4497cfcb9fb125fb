import type { Request, Response } from "express";
import { bearerToken, fakeId } from "../fake-server";
import type { FakeZoom, FakeZoomWebinar } from "./index";
import { paginate } from "./users";

/**
 * What happens in the fake's webinars (reference §A5), on top of the webinars kept in
 * `fake.webinars` (registrants.ts): instances that start and end, their participants,
 * cloud recordings and transcripts. Routes, all paged with next_page_token:
 *   GET /v2/webinars/{id}/registrants            (status approved|pending|denied)
 *   GET /v2/past_webinars/{id|uuid}/participants
 *   GET /v2/past_webinars/{id}/instances            (not paged)
 *   GET /v2/report/webinars/{id|uuid}/participants (needs report:read:admin)
 *   GET /v2/meetings/{id|uuid}/recordings
 *   GET /rec/download/{fileId}                   (Bearer: OAuth or the event's download token)
 * A uuid that starts with "/" or contains "//" must be encoded twice, as with Zoom.
 */

export interface FakeParticipant {
  /** Zoom user id of a signed-in participant, "" for guests. */
  id?: string;
  /** The participant's id in this webinar instance. */
  user_id: string;
  name: string;
  user_email?: string;
  registrant_id?: string;
  join_time: string;
  leave_time?: string;
  status?: "in_meeting" | "in_waiting_room";
}

export interface FakeInstance {
  uuid: string;
  webinarId: string;
  start_time: string;
  end_time?: string;
  participants: FakeParticipant[];
}

export interface FakeRecordingFile {
  id: string;
  meeting_id: string;
  recording_start: string;
  recording_end: string;
  file_type: "MP4" | "M4A" | "TRANSCRIPT";
  file_extension: string;
  file_size: number;
  play_url?: string;
  download_url: string;
  status: "completed" | "processing";
  recording_type: string;
}

export interface FakeRecording {
  uuid: string;
  webinarId: string;
  share_url: string;
  start_time: string;
  duration: number;
  recording_files: FakeRecordingFile[];
  /** Given to the app in recording.* events; valid for downloads like an OAuth token. */
  download_token: string;
}

/** What happens in the fake's webinars, kept in its state (`instances`, `recordings`, `files`). */
export class FakeWebinarActivity {
  constructor(private readonly fake: FakeZoom) {}

  get instances() { return this.fake.state.instances; }
  get recordings() { return this.fake.state.recordings; }
  get files() { return this.fake.state.files; }

  /** The webinar starts: a new instance (uuid) becomes its current one. */
  start(webinar: FakeZoomWebinar, fields: { uuid?: string; start_time?: string } = {}): FakeInstance {
    const instance: FakeInstance = {
      uuid: fields.uuid ?? `${fakeId("inst")}==`,
      webinarId: webinar.id,
      start_time: fields.start_time ?? isoNow(),
      participants: [],
    };
    this.instances.set(instance.uuid, instance);
    webinar.uuid = instance.uuid;
    webinar.status = "started";
    return instance;
  }

  join(instance: FakeInstance, p: Omit<FakeParticipant, "join_time"> & { join_time?: string }): FakeParticipant {
    const participant = { ...p, join_time: p.join_time ?? isoNow() };
    instance.participants.push(participant);
    return participant;
  }

  end(instance: FakeInstance, endTime = isoNow()) {
    instance.end_time = endTime;
    for (const p of instance.participants) p.leave_time ??= endTime;
    const webinar = this.fake.webinars.get(instance.webinarId);
    // A recurring webinar waits for its next occurrence; it is over after its last.
    const later = (webinar?.occurrences ?? []).some((o) => o.status !== "deleted" && Date.parse(o.start_time) > Date.parse(endTime));
    if (webinar) webinar.status = later ? "waiting" : "ended";
  }

  /** A finished cloud recording of the instance, with a transcript when given. */
  record(instance: FakeInstance, options: { transcript?: string; status?: "completed" | "processing" } = {}): FakeRecording {
    const start = instance.start_time;
    const end = instance.end_time ?? isoNow();
    const file = (type: FakeRecordingFile["file_type"], recordingType: string, content: string, mime: string): FakeRecordingFile => {
      const id = fakeId("file");
      this.files.set(id, { content, type: mime });
      return {
        id,
        meeting_id: instance.uuid,
        recording_start: start,
        recording_end: end,
        file_type: type,
        file_extension: type === "TRANSCRIPT" ? "VTT" : type,
        file_size: content.length,
        play_url: type === "TRANSCRIPT" ? undefined : `${this.fake.url}/rec/play/${id}`,
        download_url: `${this.fake.url}/rec/download/${id}`,
        status: options.status ?? "completed",
        recording_type: recordingType,
      };
    };
    const files = [file("MP4", "shared_screen_with_speaker_view", "fake-video", "video/mp4")];
    if (options.transcript !== undefined) files.push(file("TRANSCRIPT", "audio_transcript", options.transcript, "text/vtt"));
    const recording: FakeRecording = {
      uuid: instance.uuid,
      webinarId: instance.webinarId,
      share_url: `${this.fake.url}/rec/share/${fakeId("share")}`,
      start_time: start,
      duration: Math.max(1, Math.round((Date.parse(end) - Date.parse(start)) / 60_000)),
      recording_files: files,
      download_token: fakeId("dltoken"),
    };
    this.recordings.set(instance.uuid, recording);
    return recording;
  }

  /** The latest instance of a webinar id, or the instance of a uuid. */
  find(idOrUuid: string): FakeInstance | undefined {
    if (this.instances.has(idOrUuid)) return this.instances.get(idOrUuid);
    if (!/^\d+$/.test(idOrUuid)) return undefined;
    return [...this.instances.values()].filter((i) => i.webinarId === idOrUuid).sort((a, b) => b.start_time.localeCompare(a.start_time))[0];
  }
}

/** The fake's webinar activity (instances, participants, recordings): `fake.activity`. */
export const webinarActivity = (fake: FakeZoom): FakeWebinarActivity => fake.activity;

export function registerWebinarRoutes(fake: FakeZoom) {
  const activity = webinarActivity(fake);

  fake.app.get("/v2/webinars/:webinarId/registrants", (req, res) => {
    const webinar = fake.webinars.get(req.params.webinarId);
    if (!webinar || webinar.accountId !== fake.callerOf(res).account.accountId) {
      return res.status(404).json({ code: 3001, message: `Webinar does not exist: ${req.params.webinarId}.` });
    }
    const status = String(req.query.status ?? "approved");
    const list = webinar.registrants.filter((r) => r.status === status);
    const page = paginate(list, req.query);
    res.json({ page_size: page.pageSize, total_records: list.length, next_page_token: page.next, registrants: page.items });
  });

  const participants = (report: boolean) => (req: Request, res: Response) => {
    if (report && !fake.scopes.includes("report:read:admin")) {
      return res.status(400).json({ code: 4711, message: "Invalid access token, does not contain scopes:[report:read:admin]." });
    }
    const instance = instanceOf(fake, activity, req, res);
    if (!instance) return;
    const endTime = instance.end_time;
    if (!endTime) return res.status(404).json({ code: 3001, message: "Webinar does not exist." });
    const rows = instance.participants.map((p) => ({
      id: p.id ?? "",
      user_id: p.user_id,
      name: p.name,
      user_email: p.user_email ?? "",
      registrant_id: p.registrant_id,
      join_time: p.join_time,
      leave_time: p.leave_time,
      duration: Math.round((Date.parse(p.leave_time ?? endTime) - Date.parse(p.join_time)) / 1000),
      status: p.status ?? "in_meeting",
      failover: false,
    }));
    const page = paginate(rows, req.query);
    res.json({ page_size: page.pageSize, total_records: rows.length, next_page_token: page.next, participants: page.items });
  };
  fake.app.get("/v2/past_webinars/:webinarId/participants", participants(false));

  // GET /v2/past_webinars/{webinarId}/instances (reference platform-2026 §C4): the ended instances, oldest first, not paged.
  fake.app.get("/v2/past_webinars/:webinarId/instances", (req, res) => {
    const webinar = fake.webinars.get(req.params.webinarId);
    if (!webinar || webinar.accountId !== fake.callerOf(res).account.accountId) {
      return res.status(404).json({ code: 3001, message: `Webinar does not exist: ${req.params.webinarId}.` });
    }
    const ended = [...activity.instances.values()].filter((i) => i.webinarId === webinar.id && i.end_time).sort((a, b) => a.start_time.localeCompare(b.start_time));
    res.json({ webinars: ended.map((i) => ({ uuid: i.uuid, start_time: i.start_time })) });
  });
  fake.app.get("/v2/report/webinars/:webinarId/participants", participants(true));

  fake.app.get("/v2/meetings/:webinarId/recordings", (req, res) => {
    const instance = instanceOf(fake, activity, req, res);
    if (!instance) return;
    const recording = activity.recordings.get(instance.uuid);
    if (!recording) return res.status(404).json({ code: 3301, message: "This recording does not exist." });
    const webinar = fake.webinars.get(instance.webinarId);
    if (!webinar) return res.status(404).json({ code: 3001, message: "Webinar does not exist." });
    const { download_token: _token, webinarId: _id, ...shown } = recording;
    res.json({
      ...shown,
      id: Number(webinar.id),
      account_id: webinar.accountId,
      host_id: webinar.host_id,
      topic: webinar.topic,
      type: webinar.type,
      total_size: recording.recording_files.reduce((n, f) => n + f.file_size, 0),
      recording_count: recording.recording_files.length,
    });
  });

  fake.app.get("/rec/download/:fileId", (req, res) => {
    const token = bearerToken(req);
    const oauth = token ? fake.accessTokens.get(token) : undefined;
    const viaEvent = token ? [...activity.recordings.values()].some((r) => r.download_token === token) : false;
    if (!(oauth && oauth.expiresAt > Date.now()) && !viaEvent) {
      return res.status(401).json({ code: 124, message: "Invalid access token." });
    }
    const file = activity.files.get(req.params.fileId);
    if (!file) return res.status(404).json({ code: 3301, message: "This recording does not exist." });
    res.type(file.type).send(file.content);
  });
}

/** The instance a path names (uuid, encoded as Zoom requires, or webinar id), in the caller's account. */
function instanceOf(fake: FakeZoom, activity: FakeWebinarActivity, req: Request, res: Response): FakeInstance | undefined {
  let id = String(req.params.webinarId);
  if (id.includes("%")) id = decodeURIComponent(id);
  else if (id.startsWith("/") || id.includes("//")) id = ""; // encoded only once: Zoom does not find it
  const instance = id ? activity.find(id) : undefined;
  const webinar = instance ? fake.webinars.get(instance.webinarId) : undefined;
  if (!instance || !webinar || webinar.accountId !== fake.callerOf(res).account.accountId) {
    res.status(404).json({ code: 3001, message: "Webinar does not exist." });
    return undefined;
  }
  return instance;
}

const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
