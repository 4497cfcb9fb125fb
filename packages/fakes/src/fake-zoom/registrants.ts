import type { Response } from "express";
import { fakeId } from "../fake-server";
import { paginate } from "./users";
import type { FakeZoom, FakeZoomOccurrence, FakeZoomRegistrant, FakeZoomWebinar } from "./index";

/**
 * GET /v2/webinars/{webinarId} and POST /v2/webinars/{webinarId}/registrants, with the
 * refusals Zoom documents for adding a registrant (reference §A6): 300 invalid id or
 * body, 3001 not found (404), 3000 registration not enabled, 3027 host, 3038 over,
 * 3035 full, the cap of 3 add calls per email per webinar per UTC day (429), and
 * `occurrence_ids` of a recurring webinar (chosenOccurrences, below).
 * Adding someone already registered answers their existing registration.
 */

export const DAILY_ADDS_PER_REGISTRANT = 3;

/** The standard fields a registrant may answer besides first_name, last_name and email. */
export const FAKE_STANDARD_FIELDS = [
  "address", "city", "state", "zip", "country", "phone", "industry", "org", "job_title",
  "purchasing_time_frame", "role_in_purchase_process", "no_of_employees", "comments",
] as const;

export function registerRegistrantRoutes(fake: FakeZoom) {
  fake.app.get("/v2/webinars/:webinarId", (req, res) => {
    const webinar = webinarOf(fake, res, req.params.webinarId);
    if (!webinar) return;
    const { registrants: _r, capacity: _c, accountId: _a, status: _s, registration_questions: _q, ...shown } = webinar;
    res.json({ ...shown, id: Number(webinar.id), start_url: `${webinar.join_url}?role=host`, registration_url: `${webinar.join_url}/register` });
  });

  // GET /v2/users/{userId}/webinars, paged (reference §A5), from fake.webinars. `type`:
  // scheduled or upcoming (the default: webinars not over), or past (webinars that ended,
  // newest first; its value is not confirmed, src/zoom/endpoints/webinars.ts).
  fake.app.get("/v2/users/:userId/webinars", (req, res) => {
    const { account, user: caller } = fake.callerOf(res);
    const wanted = req.params.userId === "me" ? caller.id : req.params.userId;
    const user = account.users.find((u) => u.id === wanted || u.email.toLowerCase() === wanted.toLowerCase());
    if (!user) return res.status(404).json({ code: 1001, message: `User does not exist: ${wanted}.` });
    const type = String(req.query.type ?? "scheduled");
    if (!["scheduled", "upcoming", "past"].includes(type)) return res.status(400).json({ code: 300, message: `Invalid field: type (${type}).` });
    const past = type === "past";
    const mine = [...fake.webinars.values()]
      .filter((w) => w.accountId === account.accountId && w.host_id === user.id && (w.status === "ended") === past)
      .sort((a, b) => (past ? (b.start_time ?? "").localeCompare(a.start_time ?? "") : 0));
    const page = paginate(mine, req.query);
    res.json({
      page_size: page.pageSize,
      total_records: mine.length,
      next_page_token: page.next,
      webinars: page.items.map((w) => ({
        uuid: w.uuid, id: Number(w.id), host_id: w.host_id, topic: w.topic, type: w.type,
        start_time: w.start_time, duration: w.duration, timezone: w.timezone, join_url: w.join_url,
      })),
    });
  });

  // GET /v2/webinars/{webinarId}/registrants/questions (reference platform-2026 §C3).
  fake.app.get("/v2/webinars/:webinarId/registrants/questions", (req, res) => {
    const webinar = webinarOf(fake, res, req.params.webinarId);
    if (!webinar) return;
    res.json(webinar.registration_questions ?? { questions: [], custom_questions: [] });
  });

  fake.app.post("/v2/webinars/:webinarId/registrants", (req, res) => {
    const webinar = webinarOf(fake, res, req.params.webinarId);
    if (!webinar) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === "string" ? body.email.trim() : "";
    const firstName = typeof body.first_name === "string" ? body.first_name.trim() : "";
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !firstName) {
      return res.status(400).json({
        code: 300,
        message: "Validation Failed.",
        errors: [...(!firstName ? [{ field: "first_name", message: "Required" }] : []), ...(!email ? [{ field: "email", message: "Invalid" }] : [])],
      });
    }
    const unanswered = unansweredQuestions(webinar, body);
    if (unanswered.length) return res.status(400).json(missingAnswersRefusal(unanswered));
    const chosen = chosenOccurrences(webinar, req.query.occurrence_ids);
    if ("refusal" in chosen) return res.status(400).json(chosen.refusal);
    const key = `${webinar.id} ${email.toLowerCase()} ${new Date().toISOString().slice(0, 10)}`;
    const calls = fake.state.registrantAdds;
    const made = (calls.get(key) ?? 0) + 1;
    calls.set(key, made);
    if (made > DAILY_ADDS_PER_REGISTRANT) {
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      return res
        .status(429)
        .set({ "X-RateLimit-Type": "Daily-limit", "Retry-After": midnight.toUTCString() })
        .json({
          code: 429,
          message: `You have exceeded the daily rate limit of (${DAILY_ADDS_PER_REGISTRANT}) for Add webinar registrant API requests for the registrant (${email}). You can resume these API requests at GMT 00:00:00.`,
        });
    }
    if (webinar.settings.approval_type === 2) {
      return res.status(400).json({ code: 3000, message: `Registration has not been enabled for this webinar: ${webinar.id}.` });
    }
    if (email.toLowerCase() === webinar.host_email.toLowerCase()) {
      return res.status(400).json({ code: 3027, message: "Host can not register" });
    }
    const endsAt = lastEnd(webinar);
    if (webinar.status === "ended" || endsAt < Date.now()) {
      return res.status(400).json({ code: 3038, message: "Webinar is over, you cannot register now." });
    }
    const existing = registrantByEmail(webinar, email);
    if (!existing && webinar.capacity !== undefined && webinar.registrants.length >= webinar.capacity) {
      return res.status(400).json({ code: 3035, message: "Webinar has reached maximum attendee capacity." });
    }
    const registrant = existing ?? createRegistrant(webinar, email, firstName, typeof body.last_name === "string" ? body.last_name : "", answersIn(body));
    res.status(201).json({
      id: Number(webinar.id),
      registrant_id: registrant.id,
      join_url: registrant.join_url,
      start_time: webinar.start_time,
      topic: webinar.topic,
      occurrences: chosen.occurrences,
    });
  });
}

const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** The answers of a POST body: standard fields by name, custom questions as [{title, value}]. */
function answersIn(body: Record<string, unknown>): Partial<FakeZoomRegistrant> {
  const out: Record<string, unknown> = {};
  for (const field of FAKE_STANDARD_FIELDS) if (text(body[field])) out[field] = text(body[field]);
  const custom = Array.isArray(body.custom_questions) ? (body.custom_questions as unknown[]) : [];
  const answered = custom.flatMap((q) => {
    const { title, value } = (q ?? {}) as { title?: unknown; value?: unknown };
    return typeof title === "string" && text(value) ? [{ title, value: text(value) }] : [];
  });
  if (answered.length) out.custom_questions = answered;
  return out;
}

/** The required questions of the webinar's form that the body leaves unanswered (field names and titles). */
function unansweredQuestions(webinar: FakeZoomWebinar, body: Record<string, unknown>): string[] {
  const form = webinar.registration_questions;
  if (!form) return [];
  const answers = answersIn(body) as Record<string, unknown>;
  const custom = new Set((answers.custom_questions as { title: string }[] | undefined)?.map((q) => q.title) ?? []);
  return [
    ...form.questions.filter((q) => q.required && !text(q.field_name === "last_name" ? body.last_name : answers[q.field_name])).map((q) => q.field_name),
    ...form.custom_questions.filter((q) => q.required && !custom.has(q.title)).map((q) => q.title),
  ];
}

/**
 * Zoom's answer to a registration that leaves a required question unanswered. Not
 * confirmed (the app's README "Known unknowns"): Zoom documents no code for it; this fake
 * answers its generic validation failure (300) naming each field, as it does for a
 * missing first_name. The one place the fake says it.
 */
export function missingAnswersRefusal(unanswered: string[]) {
  return { code: 300, message: "Validation Failed.", errors: unanswered.map((field) => ({ field, message: "Required question not answered" })) };
}

const liveOccurrencesOf = (webinar: FakeZoomWebinar) => (webinar.occurrences ?? []).filter((o) => o.status !== "deleted");
const endOf = (start: string | undefined, minutes: number | undefined) => (start ? Date.parse(start) + (minutes ?? 60) * 60_000 : Infinity);

/** When the webinar (a recurring one: its last occurrence) is over. */
function lastEnd(webinar: FakeZoomWebinar): number {
  const last = liveOccurrencesOf(webinar).at(-1);
  return last ? endOf(last.start_time, last.duration) : endOf(webinar.start_time, webinar.duration);
}

/**
 * The `occurrence_ids` query parameter (comma-separated; reference platform-2026 §C3/§C4):
 * every id must be an occurrence of the webinar that is not deleted nor over, and only
 * "register once, choose occurrences" (registration_type 3) takes several; Zoom answers
 * 300 otherwise. Without it a recurring webinar's registration covers every occurrence.
 */
function chosenOccurrences(webinar: FakeZoomWebinar, raw: unknown): { occurrences: FakeZoomOccurrence[] } | { refusal: { code: number; message: string } } {
  const live = liveOccurrencesOf(webinar);
  if (raw === undefined || raw === "") return { occurrences: live };
  const invalid = { refusal: { code: 300, message: `Invalid occurrence_ids: ${String(raw)}` } };
  if (typeof raw !== "string") return invalid;
  const ids = raw.split(",").map((id) => id.trim());
  const found = ids.map((id) => live.find((o) => o.occurrence_id === id));
  if (found.some((o) => !o)) return invalid;
  if (ids.length > 1 && webinar.settings.registration_type !== 3) return invalid;
  const occurrences = found.filter((o) => o !== undefined);
  if (occurrences.some((o) => endOf(o.start_time, o.duration) < Date.now())) {
    return { refusal: { code: 3038, message: "Webinar is over, you cannot register now." } };
  }
  return { occurrences };
}

function createRegistrant(
  webinar: FakeZoomWebinar,
  email: string,
  firstName: string,
  lastName: string,
  answers: Partial<FakeZoomRegistrant> = {},
): FakeZoomRegistrant {
  const id = fakeId("reg");
  const registrant: FakeZoomRegistrant = {
    ...answers,
    id,
    email,
    first_name: firstName,
    last_name: lastName,
    status: webinar.settings.approval_type === 1 ? "pending" : "approved",
    join_url: `${webinar.join_url}?tk=${id}`,
    create_time: new Date().toISOString(),
  };
  const index = upToDateIndex(webinar);
  webinar.registrants.push(registrant);
  index.byEmail.set(email.toLowerCase(), registrant);
  index.size = webinar.registrants.length;
  index.last = registrant;
  return registrant;
}

/**
 * Registrants by lower-cased email, per webinar: rebuilt when the list was replaced or
 * grew elsewhere (the sandbox's simulator, tests), so a lookup is not a scan of
 * thousands of registrants (the benchmarks add many). A cache of the state, not state.
 */
const indexes = new WeakMap<
  FakeZoomWebinar,
  { list: FakeZoomRegistrant[]; size: number; last?: FakeZoomRegistrant; byEmail: Map<string, FakeZoomRegistrant> }
>();

function upToDateIndex(webinar: FakeZoomWebinar) {
  let index = indexes.get(webinar);
  const list = webinar.registrants;
  if (!index || index.list !== list || index.size !== list.length || index.last !== list[list.length - 1]) {
    const byEmail = new Map<string, FakeZoomRegistrant>();
    for (const r of webinar.registrants) if (!byEmail.has(r.email.toLowerCase())) byEmail.set(r.email.toLowerCase(), r);
    index = { list, size: list.length, last: list[list.length - 1], byEmail };
    indexes.set(webinar, index);
  }
  return index;
}

const registrantByEmail = (webinar: FakeZoomWebinar, email: string) => upToDateIndex(webinar).byEmail.get(email.toLowerCase());

/** The caller's account's webinar, or the answer Zoom gives when there is none. */
function webinarOf(fake: FakeZoom, res: Response, rawId: string): FakeZoomWebinar | undefined {
  if (!/^\d{1,20}$/.test(rawId)) {
    res.status(400).json({ code: 300, message: `Invalid webinar id: ${rawId}` });
    return undefined;
  }
  const webinar = fake.webinars.get(rawId);
  if (!webinar || webinar.accountId !== fake.callerOf(res).account.accountId) {
    res.status(404).json({ code: 3001, message: `Webinar does not exist: ${rawId}.` });
    return undefined;
  }
  return webinar;
}

/** Test and sandbox helper: a scheduled webinar of `accountId`, hosted by `host`. */
export function addFakeWebinar(
  fake: FakeZoom,
  accountId: string,
  host: { id: string; email: string },
  fields: Partial<Omit<FakeZoomWebinar, "settings">> & { settings?: Partial<FakeZoomWebinar["settings"]> } = {},
): FakeZoomWebinar {
  const id = fields.id ?? String(fake.state.nextWebinarId++);
  const webinar: FakeZoomWebinar = {
    uuid: `${fakeId("wuuid")}==`,
    type: 5,
    topic: "Fake webinar",
    start_time: new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    duration: 60,
    timezone: "UTC",
    join_url: `https://zoom.example/w/${id}`,
    registrants: [],
    ...fields,
    id,
    accountId,
    host_id: host.id,
    host_email: host.email,
    settings: { alternative_hosts: "", approval_type: 0, ...fields.settings },
  };
  fake.webinars.set(id, webinar);
  return webinar;
}
