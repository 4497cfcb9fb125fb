import type { ExclusionReason } from "../audit/messages";
import type { PrismaClient } from "../db/database";
import { contactValuesByEmail, existingContactIds, secondaryEmails, type ContactValues } from "../hubspot/contacts";
import { hubspotUserEmails } from "../hubspot/users";
import { chunk, inPool, type HubSpotWriter } from "../hubspot/writer";
import { isInDomains } from "../settings/rules";
import { knownContacts, markContactsDeleted, type KnownContact } from "./repository/contacts";

/**
 * Who of a webinar's people may be written to HubSpot (CONTRACT.md §5, "Never synced"):
 * no or invalid email, an excluded contact domain, a HubSpot user of the portal, an
 * email that is only a secondary email of an existing contact, a contact the app wrote
 * and that was deleted in HubSpot since, a person erased by a HubSpot privacy deletion
 * who has not registered again since (src/privacy/tombstone.ts; counted with the
 * deleted contacts). HubSpot users and secondary emails are found
 * with a cached user list and one paged search, never a call per person.
 */

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;
export const isValidEmail = (email: string) => email.length <= 254 && EMAIL.test(email);

export type Counts = Record<ExclusionReason, number>;
export const noCounts = (): Counts => ({ hubspot_user: 0, excluded_domain: 0, invalid_email: 0, secondary_email: 0, no_email: 0 });

export interface Screened {
  /** People who may become contacts, with what the app knows of their contact. */
  candidates: Map<string, KnownContact | undefined>;
  counts: Counts;
  /** Contacts the app wrote that are gone from HubSpot. */
  deleted: string[];
}

/**
 * The rules the email alone decides: none (people without one are counted in
 * `withoutEmail` too), invalid, or in an excluded contact domain. The rest are `local`.
 */
export function screenByEmail(emails: string[], withoutEmail: number, contactDomains: string[]): { counts: Counts; local: string[] } {
  const counts = noCounts();
  counts.no_email = withoutEmail;
  const local: string[] = [];
  for (const email of emails) {
    if (!email) counts.no_email += 1;
    else if (!isValidEmail(email)) counts.invalid_email += 1;
    else if (isInDomains(email, contactDomains)) counts.excluded_domain += 1;
    else local.push(email);
  }
  return { counts, local };
}

/** The rules that need no HubSpot call beyond the cached user list. */
export async function screenPeople(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  emails: string[],
  withoutEmail: number,
  contactDomains: string[],
  /** Of these emails, the people erased by a privacy deletion (and not registered again since). */
  erased: (emails: string[]) => Promise<Set<string>>,
  /** The portal's HubSpot users' emails (read once per sync when given). */
  users: () => Promise<Set<string>> = () => hubspotUserEmails(prisma, writer),
): Promise<Screened> {
  const { counts, local } = screenByEmail(emails, withoutEmail, contactDomains);
  const userEmails = local.length ? await users() : new Set<string>();
  const notUsers = local.filter((e) => !userEmails.has(e));
  counts.hubspot_user = local.length - notUsers.length;
  const known = await knownContacts(prisma, writer.portalId, notUsers);
  const gone = await erased(notUsers);
  const candidates = new Map<string, KnownContact | undefined>();
  const deleted: string[] = [];
  for (const email of notUsers) {
    const k = known.get(email);
    if (k?.deleted || gone.has(email)) deleted.push(email);
    else candidates.set(email, k);
  }
  return { candidates, counts, deleted };
}

/**
 * The checks that cost HubSpot calls, only for people something will be written for:
 * new people against the portal's secondary emails; people the app wrote before
 * against HubSpot (batch read by id), to find the ones deleted there.
 */
export async function checkAgainstHubSpot(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  screened: Screened,
  toWrite: Set<string>,
  /** The portal's secondary emails (searched once per sync when given). */
  secondaryOf: () => Promise<Set<string>> = () => secondaryEmails(writer),
  /**
   * Current values of these properties for these people (registration answers that keep
   * HubSpot's value, src/sync/answers.ts): read in the same batch read by id for contacts
   * the app wrote before, by email (batched too) for the others.
   */
  values: { emails: Set<string>; properties: string[] } = { emails: new Set(), properties: [] },
): Promise<Map<string, ContactValues>> {
  const current = new Map<string, ContactValues>();
  const fresh = [...toWrite].filter((e) => screened.candidates.has(e) && !screened.candidates.get(e)?.hubspotId);
  if (fresh.length) {
    const secondary = await secondaryOf();
    for (const email of fresh) {
      if (!secondary.has(email)) continue;
      screened.candidates.delete(email);
      screened.counts.secondary_email += 1;
    }
  }
  const written = [...toWrite].flatMap((email) => {
    const id = screened.candidates.get(email)?.hubspotId;
    return id ? [{ email, id }] : [];
  });
  const gone: string[] = [];
  await inPool(chunk(written), 4, async (batch) => {
    const wanted = batch.some((w) => values.emails.has(w.email)) ? values.properties : [];
    const existing = await existingContactIds(writer, batch.map((w) => w.id), wanted);
    for (const w of batch) {
      const found = existing.get(w.id);
      if (!found) gone.push(w.email);
      else if (values.emails.has(w.email)) current.set(w.email, found);
    }
  });
  await markContactsDeleted(prisma, writer.portalId, gone);
  for (const e of gone) {
    screened.candidates.delete(e);
    screened.deleted.push(e);
  }
  const unread = [...values.emails].filter((e) => screened.candidates.has(e) && !screened.candidates.get(e)?.hubspotId);
  await inPool(chunk(unread), 4, async (batch) => {
    for (const [email, found] of await contactValuesByEmail(writer, batch, values.properties)) current.set(email, found);
  });
  return current;
}
