import type { AttendanceInput, SubscriberState } from "../hubspot/marketing-events";
import type { AttendanceFact, Facts, RegistrationFact } from "./facts";
import { fingerprint, type Mark } from "./repository/marks";
import { zoomProperties, type WebinarShape } from "./properties";
import { answerProperties } from "./answers";
import type { Mapping } from "../questions/repository";

/**
 * A webinar's people and what HubSpot should hold for each: the contact (firstname,
 * lastname, email and the four `zoom` properties) and their register / attend / cancel
 * records on the webinar's marketing event. Each wanted write carries a fingerprint;
 * writes whose fingerprint is already recorded are left out (unless forced).
 */
export interface Person {
  email: string;
  registration?: RegistrationFact;
  attendance?: AttendanceFact;
}

export function webinarPeople(webinarId: string, facts: Facts): { people: Person[]; withoutEmail: number } {
  const byEmail = new Map<string, Person>();
  for (const [email, list] of facts.registrations) {
    const registration = list.find((r) => r.webinarId === webinarId);
    if (registration) byEmail.set(email, { email, registration });
  }
  for (const [email, list] of facts.attendance) {
    const attendance = list.find((a) => a.webinarId === webinarId);
    if (!attendance) continue;
    const p = byEmail.get(email) ?? { email };
    p.attendance = attendance;
    byEmail.set(email, p);
  }
  return { people: [...byEmail.values()], withoutEmail: facts.withoutEmail.get(webinarId) ?? 0 };
}

export interface ContactWrite {
  email: string;
  properties: Record<string, string>;
  /** Registration answers written only where HubSpot's value is empty (src/sync/answers.ts), until settled. */
  keepIfSet?: Record<string, string>;
  fingerprint: string;
}

/** The names Zoom gave: the registration's, else (never registered) the participant name split once. */
function namesOf(person: Person): { firstname: string; lastname: string } {
  const [first, ...rest] = (person.attendance?.name ?? "").trim().split(/\s+/);
  const firstname = person.registration?.firstName || (person.registration ? "" : first) || "";
  const lastname = person.registration?.lastName || (person.registration ? "" : rest.join(" ")) || "";
  return { firstname, lastname };
}

export function contactWrite(
  person: Person,
  portalFacts: Facts,
  webinars: Map<string, WebinarShape>,
  mappings: Map<string, Mapping[]> = new Map(),
): ContactWrite {
  const { firstname, lastname } = namesOf(person);
  // The three fields Zoom gives, the answers to mapped registration questions and the
  // four zoom properties; empty names are not sent, so a name someone typed in HubSpot is not wiped.
  const answers = answerProperties(person.email, portalFacts, mappings, webinars);
  const properties: Record<string, string> = {
    ...answers.set,
    email: person.email,
    ...(firstname && { firstname }),
    ...(lastname && { lastname }),
    ...zoomProperties(person.email, portalFacts, webinars),
  };
  if (Object.keys(answers.keepIfSet).length === 0) return { email: person.email, properties, fingerprint: fingerprint(properties) };
  return { email: person.email, properties, keepIfSet: answers.keepIfSet, fingerprint: fingerprint({ properties, keepIfSet: answers.keepIfSet }) };
}

export interface AttendanceWrite extends AttendanceInput {
  state: SubscriberState;
  fingerprint: string;
}

/**
 * The person's register / cancel / attend records. Each carries the person's names as
 * `contactProperties`, which HubSpot uses only if it has to create the contact (the
 * contact upsert runs first, so normally it exists); they are left out of the
 * fingerprint, which is about the record itself.
 */
export function attendanceWrites(person: Person): AttendanceWrite[] {
  const out: AttendanceWrite[] = [];
  const { firstname, lastname } = namesOf(person);
  const contactProperties = { ...(firstname && { firstname }), ...(lastname && { lastname }) };
  const r = person.registration;
  if (r) {
    const at = r.registeredAt.getTime();
    out.push({ state: "register", email: person.email, interactionDateTime: at, contactProperties, fingerprint: String(at) });
    if (r.status === "cancelled" || r.cancelledAt) {
      const cancelledAt = (r.cancelledAt ?? r.updatedAt).getTime();
      out.push({ state: "cancel", email: person.email, interactionDateTime: cancelledAt, contactProperties, fingerprint: String(cancelledAt) });
    }
  }
  const first = person.attendance?.intervals[0];
  const last = person.attendance?.intervals.at(-1);
  if (first && last) {
    // Not confirmed (README "Known unknowns"): the format HubSpot wants for `joinedAt` and
    // `leftAt` (the only `attend` properties it accepts); we send ISO-8601 date-times.
    const joinedAt = new Date(first.start).toISOString();
    const leftAt = new Date(last.end).toISOString();
    out.push({
      state: "attend",
      email: person.email,
      contactProperties,
      interactionDateTime: first.start,
      properties: { joinedAt, leftAt },
      fingerprint: `${joinedAt}/${leftAt}`,
    });
  }
  return out;
}

/** Wanted writes minus those already recorded with the same fingerprint. */
export function pending<T extends { fingerprint: string }>(
  wanted: T[],
  keyOf: (w: T) => string,
  marks: Map<string, Mark> | ((w: T) => string | null | undefined),
  force: boolean,
): T[] {
  if (force) return wanted;
  const current = typeof marks === "function" ? marks : (w: T) => marks.get(keyOf(w))?.fingerprint;
  return wanted.filter((w) => current(w) !== w.fingerprint);
}
