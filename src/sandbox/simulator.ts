import {
  addFakeWebinar, addPastWebinar, fakeId, webinarActivity, zoomEvents,
  type FakeParticipant, type FakeRegistrationQuestions, type FakeZoom, type FakeZoomRegistrant, type FakeZoomWebinar, type ZoomEvent,
} from "@hzw/fakes";

/**
 * What the sandbox panel does to the simulated Zoom account: every change happens in
 * the fake (so Zoom's API answers agree) and is announced to the app as Zoom would, as
 * a signed webhook to its real /webhooks/zoom endpoint.
 */

export interface Person {
  firstName: string;
  lastName: string;
  /** "" for a guest who gave none. */
  email: string;
}

/** What kind of webinar the panel creates (issue #15). */
export const WEBINAR_KINDS = ["webinar", "recurring", "zoom_events", "questions"] as const;
export type WebinarKind = (typeof WEBINAR_KINDS)[number];

const WEEK_MS = 7 * 24 * 60 * 60_000;

/** The registration form of a `questions` webinar (issue #15 point 2): standard fields and custom questions, some required. */
export const SANDBOX_QUESTIONS: FakeRegistrationQuestions = {
  questions: [
    { field_name: "job_title", required: true },
    { field_name: "org", required: false },
    { field_name: "country", required: false },
  ],
  custom_questions: [
    { title: "How did you hear about us?", type: "single_dropdown", required: true, answers: ["Search engine", "A colleague", "Newsletter", "Social media"] },
    { title: "What would you like to learn?", type: "short", required: false, answers: [] },
  ],
};
const JOB_TITLES = ["Marketing manager", "Developer", "Sales lead", "CTO", "Designer", "Support engineer"];
const ORGS = ["Acme Inc.", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries"];
const COUNTRIES = ["DE", "US", "FR", "GB", "NL", "ES"];
const LEARN = ["Best practices", "The new features", "Pricing", "How others use it"];

/** Made-up answers of the `n`th registrant to a webinar's form: every required question answered, optional ones mostly. */
export function sampleAnswers(form: FakeRegistrationQuestions, n: number): Partial<FakeZoomRegistrant> {
  const pick = <T>(list: readonly T[], i: number): T | undefined => list[i % list.length];
  const standard: Record<string, string | undefined> = { job_title: pick(JOB_TITLES, n), org: pick(ORGS, n + 2), country: pick(COUNTRIES, n + 1) };
  const out: Record<string, unknown> = {};
  for (const q of form.questions) {
    const value = standard[q.field_name];
    if (value && (q.required || n % 3 !== 2)) out[q.field_name] = value;
  }
  const custom = form.custom_questions.flatMap((q, i) => {
    if (!q.required && n % 3 === 2) return [];
    const value = q.answers.length ? pick(q.answers, n + i) : pick(LEARN, n);
    return value ? [{ title: q.title, value }] : [];
  });
  if (custom.length) out.custom_questions = custom;
  return out;
}
const zoomTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface Delivery {
  event: string;
  status: number;
}

export class Simulator {
  constructor(
    private readonly zoom: FakeZoom,
    private readonly accountId: string,
    /** The app's /webhooks/zoom URL. */
    private readonly webhookUrl: () => string,
  ) {}

  webinars(): FakeZoomWebinar[] {
    return [...this.zoom.webinars.values()].filter((w) => w.accountId === this.accountId).sort((a, b) => Number(b.id) - Number(a.id));
  }

  webinar(id: string): FakeZoomWebinar {
    const w = this.zoom.webinars.get(id);
    if (!w || w.accountId !== this.accountId) throw new Error(`No sandbox webinar ${id}`);
    return w;
  }

  /** The instance people are in now, when the webinar has started. */
  currentInstance(w: FakeZoomWebinar) {
    const instance = webinarActivity(this.zoom).find(w.id);
    return instance && !instance.end_time ? instance : undefined;
  }

  /**
   * A new webinar, announced with `webinar.created`. `kind` (issue #15): `recurring` is a
   * recurring webinar (type 9) with two occurrences a week apart; `zoom_events` one that
   * belongs to Zoom Events (marked as src/zoom/zoom-events.ts expects: unconfirmed);
   * `questions` one whose registration form asks standard and custom questions, which its
   * registrants answer (SANDBOX_QUESTIONS, sampleAnswers).
   */
  async createWebinar(input: { topic: string; hostId: string; startsInMinutes: number; durationMinutes: number; kind?: WebinarKind }) {
    const host = this.zoom.account(this.accountId).users.find((u) => u.id === input.hostId);
    if (!host) throw new Error("Unknown host");
    const nextId = String(Math.max(86_000_000_000, ...[...this.zoom.webinars.keys()].map(Number).filter(Number.isFinite)) + 1);
    const start = Date.now() + input.startsInMinutes * 60_000;
    const webinar = addFakeWebinar(this.zoom, this.accountId, host, {
      id: nextId,
      topic: input.topic,
      start_time: zoomTime(start),
      duration: input.durationMinutes,
      join_url: `https://sandbox.zoom.test/w/${nextId}`,
      ...(input.kind === "zoom_events" && { creation_source: "zoom_events" }),
      ...(input.kind === "questions" && { registration_questions: structuredClone(SANDBOX_QUESTIONS) }),
      ...(input.kind === "recurring" && {
        type: 9,
        occurrences: [0, 1].map((i) => ({
          occurrence_id: String(start + i * WEEK_MS),
          start_time: zoomTime(start + i * WEEK_MS),
          duration: input.durationMinutes,
          status: "available",
        })),
      }),
    });
    return { webinar, deliveries: [await this.send(zoomEvents.webinarCreated(webinar))] };
  }

  /**
   * A webinar that took place `daysAgo` days ago and never reached the app (issue #15
   * point 6): ended, with these people registered and the first two thirds of them
   * attending, and no webhook sent. The app learns of it only by importing past webinars
   * (Settings, "Import past webinars"; src/backfill).
   */
  createPastWebinar(input: { topic: string; hostId: string; daysAgo: number; durationMinutes: number; people: Person[] }) {
    const host = this.zoom.account(this.accountId).users.find((u) => u.id === input.hostId);
    if (!host) throw new Error("Unknown host");
    const nextId = String(Math.max(86_000_000_000, ...[...this.zoom.webinars.keys()].map(Number).filter(Number.isFinite)) + 1);
    const registrants = input.people.filter((p) => p.email);
    const attendees = registrants.slice(0, Math.ceil((registrants.length * 2) / 3));
    const { webinar } = addPastWebinar(this.zoom, this.accountId, host, {
      topic: input.topic,
      startTime: new Date(Date.now() - input.daysAgo * 86_400_000),
      durationMinutes: input.durationMinutes,
      registrants,
      attendees: attendees.map((p, i) => ({ email: p.email, minutes: Math.max(1, input.durationMinutes - i * 5) })),
      fields: { id: nextId, join_url: `https://sandbox.zoom.test/w/${nextId}` },
    });
    return { webinar, registrants: registrants.length, attendees: attendees.length };
  }

  /** When the next run of the webinar starts: its next occurrence not yet run (recurring), else its start. */
  private nextStart(webinar: FakeZoomWebinar): string | undefined {
    const live = (webinar.occurrences ?? []).filter((o) => o.status !== "deleted");
    if (!live.length) return webinar.start_time;
    const runs = [...webinarActivity(this.zoom).instances.values()].filter((i) => i.webinarId === webinar.id).length;
    return (live[runs] ?? live.at(-1))?.start_time;
  }

  async register(id: string, people: Person[]) {
    const webinar = this.webinar(id);
    const deliveries: Delivery[] = [];
    for (const p of people.filter((x) => x.email)) {
      const existing = webinar.registrants.find((r) => r.email.toLowerCase() === p.email.toLowerCase());
      if (existing) continue;
      const registrant: FakeZoomRegistrant = {
        // A webinar with registration questions: each person answers them as on Zoom's form.
        ...(webinar.registration_questions && sampleAnswers(webinar.registration_questions, webinar.registrants.length)),
        id: fakeId("reg"),
        email: p.email,
        first_name: p.firstName,
        last_name: p.lastName,
        status: "approved",
        join_url: `${webinar.join_url}?tk=${fakeId("tk")}`,
        create_time: new Date().toISOString(),
      };
      webinar.registrants.push(registrant);
      deliveries.push(await this.send(zoomEvents.registrationCreated(webinar, registrant)));
    }
    return deliveries;
  }

  async cancel(id: string, email: string) {
    const webinar = this.webinar(id);
    const registrant = webinar.registrants.find((r) => r.email.toLowerCase() === email.toLowerCase());
    if (!registrant) return [];
    webinar.registrants = webinar.registrants.filter((r) => r !== registrant);
    return [await this.send(zoomEvents.registrationCancelled(webinar, registrant))];
  }

  /**
   * Registrants (and optional guests) join at this minute of the webinar; the webinar
   * starts (at its scheduled time) with the first of them. Minutes are counted from the
   * scheduled start, so a whole webinar can be played in seconds.
   */
  async join(id: string, guests: Person[] = [], atMinute = 0, options: { hideEmails?: boolean } = {}) {
    const webinar = this.webinar(id);
    const activity = webinarActivity(this.zoom);
    const instance = this.currentInstance(webinar) ?? activity.start(webinar, { start_time: this.nextStart(webinar) });
    const inside = new Set(instance.participants.filter((p) => !p.leave_time).map((p) => p.user_email ?? p.name));
    const people: (Person & { registrantId?: string })[] = [
      ...webinar.registrants.map((r) => ({ firstName: r.first_name, lastName: r.last_name, email: r.email, registrantId: r.id })),
      ...guests,
    ];
    const deliveries: Delivery[] = [];
    for (const p of people) {
      const name = `${p.firstName} ${p.lastName}`.trim();
      if ((p.email && inside.has(p.email)) || inside.has(name)) continue;
      const participant = activity.join(instance, {
        user_id: fakeId("pu"),
        name,
        // Zoom hides some registrants' emails (CONTRACT.md §11): the registrant id still names them.
        user_email: (options.hideEmails && p.registrantId ? "" : p.email) || undefined,
        registrant_id: p.registrantId,
        status: "in_meeting",
        join_time: minuteOf(instance, atMinute),
      });
      deliveries.push(await this.send(zoomEvents.participantJoined(webinar, instance, participant)));
    }
    return deliveries;
  }

  /** Everyone still in the webinar leaves at this minute (by default at its scheduled end). */
  async leave(id: string, atMinute?: number) {
    const webinar = this.webinar(id);
    const instance = this.currentInstance(webinar);
    if (!instance) return [];
    const at = minuteOf(instance, atMinute ?? webinar.duration ?? 60);
    const deliveries: Delivery[] = [];
    for (const p of instance.participants.filter((x): x is FakeParticipant => !x.leave_time)) {
      p.leave_time = at > p.join_time ? at : p.join_time;
      deliveries.push(await this.send(zoomEvents.participantLeft(webinar, instance, p)));
    }
    return deliveries;
  }

  /** The webinar ends at this minute (by default its scheduled end, or when the last person left). */
  async end(id: string, atMinute?: number) {
    const webinar = this.webinar(id);
    const instance = this.currentInstance(webinar);
    if (!instance) return [];
    const stillIn = await this.leave(id, atMinute);
    const lastLeft = instance.participants.map((p) => p.leave_time ?? "").sort().at(-1) ?? "";
    const at = minuteOf(instance, atMinute ?? webinar.duration ?? 60);
    webinarActivity(this.zoom).end(instance, lastLeft > at ? lastLeft : at);
    return [...stillIn, await this.send(zoomEvents.webinarEnded(webinar, instance))];
  }

  async record(id: string) {
    const webinar = this.webinar(id);
    const activity = webinarActivity(this.zoom);
    const instance = activity.find(webinar.id);
    if (!instance?.end_time) throw new Error("End the webinar first: Zoom makes recordings of finished webinars");
    const speaker = this.zoom.account(this.accountId).users.find((u) => u.id === webinar.host_id);
    const transcript = [
      "WEBVTT",
      "",
      "1",
      "00:00:01.000 --> 00:00:05.000",
      `${speaker?.first_name ?? "Host"} ${speaker?.last_name ?? ""}: Welcome to ${webinar.topic}.`.replace(/\s+:/, ":"),
      "",
      "2",
      "00:00:06.000 --> 00:00:10.000",
      `${speaker?.first_name ?? "Host"} ${speaker?.last_name ?? ""}: Thanks for joining, questions at the end.`.replace(/\s+:/, ":"),
      "",
    ].join("\n");
    const recording = activity.record(instance, { transcript });
    return [
      await this.send(zoomEvents.recordingCompleted(webinar, recording)),
      await this.send(zoomEvents.recordingCompleted(webinar, recording, "recording.transcript_completed")),
    ];
  }

  /** The app is removed from the Zoom account: its tokens are revoked and Zoom sends app_deauthorized. */
  async deauthorize(): Promise<Delivery[]> {
    const user = this.zoom.account(this.accountId).users[0];
    this.zoom.revokeAll();
    return user ? [await this.send(zoomEvents.appDeauthorized(this.accountId, user.id, this.zoom.clientId))] : [];
  }

  private async send(event: ZoomEvent): Promise<Delivery> {
    const res = await this.zoom.webhookSender(this.webhookUrl()).send(event);
    return { event: event.event, status: res.status };
  }
}

/** The time `minute` minutes after the instance started, as Zoom writes times. */
const minuteOf = (instance: { start_time: string }, minute: number) =>
  new Date(Date.parse(instance.start_time) + minute * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Tim", "Barbara", "Dennis", "Frances", "Ken", "Radia"];
const LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Berners-Lee", "Liskov", "Ritchie", "Allen", "Thompson", "Perlman"];

/** Made-up registrants, one per line as "First Last <email>", for the panel's form. */
export function samplePeople(count: number, seed = Date.now()): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = FIRST[(seed + i * 7) % FIRST.length] ?? "Ada";
    const l = LAST[(seed + i * 5) % LAST.length] ?? "Lovelace";
    lines.push(`${f} ${l} <${f.toLowerCase()}.${l.toLowerCase().replace(/[^a-z]/g, "")}@example.com>`);
  }
  return lines.join("\n");
}

/** Parses "First Last <email>" lines (the email may be missing for a guest). */
export function parsePeople(text: string): Person[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const email = /<([^>]*)>/.exec(line)?.[1]?.trim() ?? (/^\S+@\S+$/.test(line) ? line : "");
      const name = line.replace(/<[^>]*>/, "").replace(email, "").trim();
      const [firstName = "", ...rest] = name.split(/\s+/);
      return { firstName: firstName || email.split("@")[0] || "Guest", lastName: rest.join(" "), email };
    });
}
