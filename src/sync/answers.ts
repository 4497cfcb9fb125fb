import type { Mapping } from "../questions/repository";
import { isAnswerableProperty } from "../questions/reserved";
import type { ContactValues } from "../hubspot/contacts";
import type { Facts } from "./facts";

/**
 * Registration answers as contact properties (CONTRACT.md §11), recomputed from the
 * recorded facts like the four `zoom` properties: for each property some synced webinar
 * maps a question to, the answer of the person's latest registration (by its own time)
 * that answered a question mapped to it. With `overwrite` the value is written; without,
 * it is written only where HubSpot's value is empty (`keepIfSet`, settled against the
 * contact's current values read in the sync's batch read, `settleKeptValues`).
 */


export interface AnswerProperties {
  /** Written whatever HubSpot holds. */
  set: Record<string, string>;
  /** Written only where HubSpot holds no value. */
  keepIfSet: Record<string, string>;
}

export function answerProperties(email: string, facts: Facts, mappings: Map<string, Mapping[]>, synced: { has(id: string): boolean }): AnswerProperties {
  const latest = new Map<string, { value: string; overwrite: boolean; at: number }>();
  for (const r of facts.registrations.get(email) ?? []) {
    if (!synced.has(r.webinarId) || !r.answers) continue;
    for (const m of mappings.get(r.webinarId) ?? []) {
      const value = r.answers[m.question];
      if (!value || !isAnswerableProperty(m.property)) continue;
      const at = r.registeredAt.getTime();
      const cur = latest.get(m.property);
      if (!cur || at >= cur.at) latest.set(m.property, { value, overwrite: m.overwrite, at });
    }
  }
  const out: AnswerProperties = { set: {}, keepIfSet: {} };
  for (const [property, a] of [...latest].sort(([x], [y]) => x.localeCompare(y))) (a.overwrite ? out.set : out.keepIfSet)[property] = a.value;
  return out;
}

/** The property names of the writes that keep HubSpot's value, and whose they are. */
export function keptValuesWanted(writes: { email: string; keepIfSet?: Record<string, string> }[]): { emails: Set<string>; properties: string[] } {
  const emails = new Set<string>();
  const properties = new Set<string>();
  for (const w of writes) {
    const names = Object.keys(w.keepIfSet ?? {});
    if (names.length === 0) continue;
    emails.add(w.email);
    for (const n of names) properties.add(n);
  }
  return { emails, properties: [...properties].sort() };
}

/**
 * Each write's kept values settled: written where HubSpot's current value is empty (or
 * the contact does not exist yet), dropped where it holds one. The fingerprint stays the
 * planned one, so an unchanged answer is not read again on the next sync.
 */
export function settleKeptValues<T extends { email: string; properties: Record<string, string>; keepIfSet?: Record<string, string> }>(
  writes: T[],
  current: Map<string, ContactValues>,
): T[] {
  return writes.map((w) => {
    if (!w.keepIfSet || Object.keys(w.keepIfSet).length === 0) return w;
    const now = current.get(w.email) ?? {};
    const properties = { ...w.properties };
    for (const [name, value] of Object.entries(w.keepIfSet)) {
      if ((now[name] ?? "") === "") properties[name] = value;
    }
    return { ...w, properties, keepIfSet: undefined };
  });
}
