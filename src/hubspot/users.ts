import { z } from "zod";
import type { PrismaClient } from "../db/database";
import { cachedHubSpotUsers, saveHubSpotUsers } from "./repository";
import { hubspotPaths } from "./versions";
import type { HubSpotWriter } from "./writer";

/** HubSpot users of the portal are refreshed at most this often (they change rarely). */
export const USERS_CACHE_MS = 60 * 60 * 1000;

/** `CollectionResponsePublicUserForwardPaging` of the 2026-03 spec (email required there; tolerated missing). */
const UsersPage = z.object({
  results: z.array(z.object({ id: z.string(), email: z.string().optional(), superAdmin: z.boolean().optional() })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/**
 * The portal's HubSpot users' emails (lower-cased), never synced as contacts.
 * GET /settings/users/2026-03, 100 per page with `after` (reference platform-2026 §B4;
 * https://developers.hubspot.com/docs/api-reference/settings-user-provisioning-v3/guide);
 * cached in hubspot_user_caches and refreshed after USERS_CACHE_MS.
 */
export async function hubspotUserEmails(prisma: PrismaClient, writer: HubSpotWriter, now = new Date()): Promise<Set<string>> {
  const cached = await cachedHubSpotUsers(prisma, writer.portalId);
  if (cached && now.getTime() - cached.fetchedAt.getTime() < USERS_CACHE_MS) return new Set(cached.emails);
  const emails: string[] = [];
  let after: string | undefined;
  do {
    const page = UsersPage.parse(await writer.call("GET", hubspotPaths.users(), { query: { limit: 100, after } }));
    for (const u of page.results) if (u.email) emails.push(u.email.toLowerCase());
    after = page.paging?.next?.after;
  } while (after);
  await saveHubSpotUsers(prisma, writer.portalId, emails, now);
  return new Set(emails);
}
