/**
 * Registration answers as Zoom carries them on a registrant (webhook
 * `webinar.registration_created`'s `registrant`, GET /webinars/{id}/registrants items,
 * and the POST body that registers someone; reference platform-2026 §C3, Zoom's SDK types
 * WebinarRegistrationCreatedEvent / WebinarsAddWebinarRegistrantRequestBody): the standard
 * fields by their `field_name` at the top level, the custom questions as
 * `custom_questions[{title, value}]`. The app keys an answer by the question's name: the
 * field_name of a standard question, the title of a custom one.
 */

/** The standard registration fields besides first_name and email (always asked). */
export const STANDARD_QUESTION_FIELDS = [
  "last_name", "address", "city", "state", "zip", "country", "phone", "industry", "org", "job_title",
  "purchasing_time_frame", "role_in_purchase_process", "no_of_employees", "comments",
] as const;
const STANDARD = new Set<string>(STANDARD_QUESTION_FIELDS);
export const isStandardQuestion = (name: string) => STANDARD.has(name);

export type Answers = Record<string, string>;

/** The answers a registrant object carries (empty values left out); last_name is the name, not an answer. */
export function answersOf(registrant: Record<string, unknown>): Answers {
  const out: Answers = {};
  for (const field of STANDARD_QUESTION_FIELDS) {
    if (field === "last_name") continue;
    const v = registrant[field];
    if (typeof v === "string" && v.trim() !== "") out[field] = v.trim();
  }
  const custom = registrant.custom_questions;
  if (Array.isArray(custom)) {
    for (const q of custom as unknown[]) {
      if (!q || typeof q !== "object") continue;
      const { title, value } = q as { title?: unknown; value?: unknown };
      if (typeof title === "string" && title !== "" && typeof value === "string" && value.trim() !== "") out[title] = value.trim();
    }
  }
  return out;
}

/** Answers as the POST /webinars/{id}/registrants body wants them: standard fields by name, custom ones in `custom_questions`. */
export function registrationBodyOf(answers: Answers): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: { title: string; value: string }[] = [];
  for (const [question, value] of Object.entries(answers)) {
    if (isStandardQuestion(question)) body[question] = value;
    else custom.push({ title: question, value });
  }
  if (custom.length) body.custom_questions = custom;
  return body;
}
