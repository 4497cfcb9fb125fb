import type { Database } from "../db/database";
import { mappingsOfZoomWebinar, userDefaultMappings, type Mapping } from "../questions/repository";
import type { ZoomApi } from "../zoom/api";
import { listRegistrationQuestions, type ZoomRegistrationQuestions } from "../zoom/endpoints/questions";
import { isZoomPermanent } from "../zoom/errors";
import type { Answers } from "../zoom/registration-answers";
import { refusal, type ActionOutput } from "./schemas";
import type { Person } from "./zoom-registration";

/**
 * The webinar's registration questions answered from the contact (CONTRACT.md §11): each
 * question mapped to a contact property gets that property's value; a required question
 * with no mapping or no value refuses the registration (REQUIRED_QUESTION_UNANSWERED,
 * naming the question) before Zoom is asked to register. Last name is the contact's own.
 */

const NO_QUESTIONS: ZoomRegistrationQuestions = { questions: [], custom_questions: [] };

/**
 * Zoom's questions of the webinar. A refusal of this read (registration off, no such
 * webinar) is no questions: the registration that follows gets Zoom's own answer for it.
 */
export async function webinarQuestions(zoom: ZoomApi, connectionId: string, webinarId: string, now = Date.now()): Promise<ZoomRegistrationQuestions> {
  const key = `${connectionId} ${webinarId}`;
  const cached = recentForms.get(key);
  if (cached && now - cached.at < FORM_TTL_MS) return cached.form;
  let form: ZoomRegistrationQuestions;
  try {
    form = await listRegistrationQuestions(zoom, webinarId);
  } catch (err) {
    if (isZoomPermanent(err)) return NO_QUESTIONS;
    throw err;
  }
  recentForms.delete(key);
  recentForms.set(key, { at: now, form });
  if (recentForms.size > FORM_CACHE_SIZE) recentForms.delete(recentForms.keys().next().value ?? key);
  return form;
}

/**
 * A webinar's form as Zoom answered it in the last minute, per process: a list enrolled
 * at once (thousands of executions for one webinar) asks Zoom once a minute, not once per
 * contact, and stays clear of Zoom's rate limits. A question added in Zoom within that
 * minute is still answered by Zoom's own refusal (REQUIRED_QUESTION_UNANSWERED as well,
 * src/workflow-action/zoom-registration.ts). A cache, not state: losing it costs one call.
 */
const FORM_TTL_MS = 60_000;
const FORM_CACHE_SIZE = 1_000;
const recentForms = new Map<string, { at: number; form: ZoomRegistrationQuestions }>();

/** The webinar's mappings; for a webinar the app has not seen yet, its host's defaults (as it will get them). */
export async function webinarMappingsFor(db: Pick<Database, "sql" | "prisma">, connectionId: string, zoomWebinarId: string) {
  return mappingsOfZoomWebinar(db.sql, connectionId, zoomWebinarId);
}

export async function hostDefaults(db: Pick<Database, "prisma">, connectionId: string, hostId: string | undefined): Promise<Mapping[]> {
  return hostId ? userDefaultMappings(db.prisma, connectionId, hostId) : [];
}

/** The properties whose values the registration needs: those mapped from the webinar's questions. */
export function mappedProperties(form: ZoomRegistrationQuestions, mappings: Mapping[]): string[] {
  const asked = new Set([...form.questions.map((q) => q.field_name), ...form.custom_questions.map((q) => q.title)]);
  return [...new Set(mappings.filter((m) => asked.has(m.question)).map((m) => m.property))];
}

/** The answers to send, or the refusal naming the first required question left unanswered. */
export function answersFor(
  form: ZoomRegistrationQuestions,
  mappings: Mapping[],
  values: Record<string, string>,
  person: Person,
): { answers: Answers } | { refused: ActionOutput } {
  const byQuestion = new Map(mappings.map((m) => [m.question, m]));
  const answers: Answers = {};
  const questions = [
    ...form.questions.map((q) => ({ name: q.field_name, required: q.required })),
    ...form.custom_questions.map((q) => ({ name: q.title, required: q.required })),
  ];
  for (const q of questions) {
    const mapping = byQuestion.get(q.name);
    const value = mapping ? (values[mapping.property] ?? "").trim() : q.name === "last_name" ? person.lastName : "";
    if (value && q.name !== "last_name") answers[q.name] = value;
    if (!q.required || value) continue;
    const why = mapping ? `the contact has no value in its property "${mapping.property}"` : "it is not mapped to a contact property";
    return { refused: refusal("REQUIRED_QUESTION_UNANSWERED", `The webinar's required registration question "${q.name}" is unanswered: ${why}`) };
  }
  return { answers };
}
