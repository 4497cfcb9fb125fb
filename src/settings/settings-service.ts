import { z } from "zod";
import { zoomConnectionOfPortal } from "../connections/repository/zoom-connections";
import type { Database } from "../db/database";
import type { Portal } from "../generated/prisma/client";
import { findPortal, updatePortalSettings } from "../install/repository/portals";
import { notFound } from "../lib/errors";
import type { Logger } from "../lib/logger";
import type { RequestWebinarSync } from "../webinars/deps";
import { findPortalWebinar } from "../webinars/lookup";
import { switchedOnWebinarIds, updateWebinar } from "../webinars/repository/webinars";
import { findZoomUser, listZoomUsers as zoomUsersOf, updateZoomUser } from "../webinars/repository/zoom-users";
import { ensureZoomUsers } from "../webinars/zoom-users";
import type { ZoomApi } from "../zoom/api";
import { settingsFieldName, settingsRefused } from "./validation";
import { webinarListItem } from "./webinar-list";

/**
 * The sync settings of a portal (CONTRACT.md §3): the settings object, the per-user
 * switches of its Zoom account's users, and the per-webinar switch. Used by the JSON
 * API and the settings pages alike. Every read and write is scoped to one portal.
 */

/** What the settings' functions are built from; each takes the part it uses. */
export interface SettingsDeps {
  db: Database;
  logger: Logger;
  zoomApi(connectionId: string): ZoomApi;
  /** A HubSpot sync of the webinar (src/sync, passed in by the composition root). */
  requestWebinarSync: RequestWebinarSync;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
/** One line of a domain list: "@Example.com" is example.com; a blank line is no entry (dropped, lines keep their numbers). */
const Domain = z
  .string({ error: "must be text" })
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ""))
  .refine((d) => d === "" || DOMAIN.test(d), "is not a domain name");
const unique = <T>(list: T[]) => [...new Set(list)];
const Domains = z
  .array(Domain, { error: "must be a list of domain names" })
  .max(1000, "has more than 1,000 lines")
  .transform((list) => unique(list.filter(Boolean)));

/** A PUT may leave out sections or fields (they keep their values); unknown fields are refused. */
export const SettingsInput = z
  .object(
    {
      webinarSync: z
        .object(
          {
            enabled: z.boolean({ error: "must be true or false" }).optional(),
            scope: z.enum(["none", "all", "selected"], { error: 'must be "none", "all" or "selected"' }).optional(),
            selectedZoomUserIds: z
              .array(z.string({ error: "must be a Zoom user id" }).trim().min(1, "must be a Zoom user id").max(128, "is not a Zoom user id"), {
                error: "must be a list of Zoom user ids",
              })
              .max(10_000, "has more than 10,000 users")
              .transform(unique)
              .optional(),
          },
          { error: "must be an object" },
        )
        .strict()
        .optional(),
      exclusions: z
        .object({ hostDomains: Domains.optional(), contactDomains: Domains.optional() }, { error: "must be an object" })
        .strict()
        .optional(),
    },
    { error: "must be an object" },
  )
  .strict();
export type SettingsInput = z.infer<typeof SettingsInput>;

/** The message when "Selected Zoom users" is chosen with none of them selected (the form shows it as is). */
export const EMPTY_SELECTION = "Choose at least one Zoom user, or choose All Zoom users.";

export const ZoomUserSettingsInput = z
  .object({ syncNewWebinarsByDefault: z.boolean().optional(), syncRecordingsAndTranscripts: z.boolean().optional() })
  .strict();

/**
 * PUT /api/webinars/:webinarId: the per-webinar switch (CONTRACT.md §3) and how a
 * recurring webinar counts in the four properties; at least one of them.
 */
export const WebinarSettingsInput = z
  .object(
    {
      syncEnabled: z.boolean({ error: "must be true or false" }).optional(),
      attendanceCounting: z.enum(["series", "occurrence"], { error: 'must be "series" or "occurrence"' }).optional(),
    },
    { error: "must be an object" },
  )
  .strict()
  .refine((v) => v.syncEnabled !== undefined || v.attendanceCounting !== undefined, {
    error: "is required when attendanceCounting is left out (give one or both)",
    path: ["syncEnabled"],
  });

export async function getSettings(db: Pick<Database, "prisma">, portalId: bigint) {
  const p = await findPortal(db.prisma, portalId);
  if (!p) throw notFound("Portal not found");
  return settingsOf(p);
}

/** The settings object of CONTRACT.md §3, from the portal's row. */
const settingsOf = (p: Portal) => ({
  webinarSync: { enabled: p.webinarSyncEnabled, scope: p.webinarSyncScope, selectedZoomUserIds: p.selectedZoomUserIds },
  exclusions: { hostDomains: p.excludedHostDomains, contactDomains: p.excludedContactDomains },
});

/**
 * Saves the settings. When a change can decide differently which webinars sync (the
 * switch, the scope, the selected users, the host domains), the portal's webinars are
 * queued for a sync, which brings HubSpot in line or records why a webinar is skipped.
 */
export async function updateSettings(s: Pick<SettingsDeps, "db" | "requestWebinarSync">, portalId: bigint, input: SettingsInput) {
  const before = await getSettings(s.db, portalId);
  refuseEmptySelection({ ...before.webinarSync, ...definedOnly(input.webinarSync ?? {}) });
  const updated = await updatePortalSettings(s.db.prisma, portalId, {
    webinarSyncEnabled: input.webinarSync?.enabled,
    webinarSyncScope: input.webinarSync?.scope,
    selectedZoomUserIds: input.webinarSync?.selectedZoomUserIds,
    excludedHostDomains: input.exclusions?.hostDomains,
    excludedContactDomains: input.exclusions?.contactDomains,
  });
  const after = settingsOf(updated);
  const decisive = (x: typeof after) => JSON.stringify([x.webinarSync, x.exclusions.hostDomains]);
  if (decisive(before) !== decisive(after)) await requestPortalSyncs(s, portalId);
  return after;
}

/** Sync on for "Selected Zoom users" with none selected would sync nothing while looking on: refused, nothing saved. */
function refuseEmptySelection(sync: { enabled: boolean; scope: string; selectedZoomUserIds: string[] }) {
  if (sync.enabled && sync.scope === "selected" && sync.selectedZoomUserIds.length === 0) {
    const path = "webinarSync.selectedZoomUserIds";
    throw settingsRefused([{ path, field: settingsFieldName(path.split(".")), value: sync.selectedZoomUserIds, message: EMPTY_SELECTION }]);
  }
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

async function requestPortalSyncs(s: Pick<SettingsDeps, "db" | "requestWebinarSync">, portalId: bigint) {
  for (const id of await switchedOnWebinarIds(s.db.prisma, portalId, 1000)) await s.requestWebinarSync(id);
}

const userView = (u: { zoomUserId: string; email: string; displayName: string; syncNewWebinarsByDefault: boolean; syncRecordingsAndTranscripts: boolean }) => ({
  zoomUserId: u.zoomUserId,
  email: u.email,
  displayName: u.displayName,
  syncNewWebinarsByDefault: u.syncNewWebinarsByDefault,
  syncRecordingsAndTranscripts: u.syncRecordingsAndTranscripts,
});

/** The users of the portal's connected Zoom account, read from Zoom the first time. */
export async function listZoomUsers(s: Pick<SettingsDeps, "db" | "logger" | "zoomApi">, portalId: bigint) {
  const connection = await zoomConnectionOfPortal(s.db.prisma, portalId);
  if (!connection) return [];
  if (connection.status === "active") {
    await ensureZoomUsers(s, connection.id).catch((err: unknown) =>
      s.logger.warn({ err, connectionId: connection.id }, "could not read the Zoom account's users"),
    );
  }
  return (await zoomUsersOf(s.db.prisma, connection.id)).map(userView);
}

export async function updateZoomUserSettings(
  db: Pick<Database, "prisma">,
  portalId: bigint,
  zoomUserId: string,
  input: z.infer<typeof ZoomUserSettingsInput>,
) {
  const connection = await zoomConnectionOfPortal(db.prisma, portalId);
  const user = connection ? await findZoomUser(db.prisma, connection.id, zoomUserId) : null;
  if (!user) throw notFound("No such Zoom user");
  return userView(await updateZoomUser(db.prisma, user.connectionId, zoomUserId, input));
}

/**
 * The per-webinar switch and attendance counting. A change asks for a sync in the same
 * transaction, which brings HubSpot in line (or logs that it is off): for the counting,
 * it recomputes the four properties of the webinar's people.
 */
export async function setWebinarSync(
  s: Pick<SettingsDeps, "db" | "requestWebinarSync">,
  portalId: bigint,
  webinarId: string,
  input: z.infer<typeof WebinarSettingsInput>,
) {
  const webinar = await findPortalWebinar(s.db, portalId, webinarId);
  if (!webinar || webinar.deletedAt) throw notFound("No such webinar");
  const data = {
    ...(input.syncEnabled !== undefined && input.syncEnabled !== webinar.syncEnabled && { syncEnabled: input.syncEnabled }),
    ...(input.attendanceCounting !== undefined &&
      input.attendanceCounting !== webinar.attendanceCounting && { attendanceCounting: input.attendanceCounting }),
  };
  if (Object.keys(data).length > 0) {
    await s.db.prisma.$transaction(async (tx) => {
      await updateWebinar(tx, webinar.id, data);
      await s.requestWebinarSync(webinar.id, { tx });
    });
  }
  return webinarListItem(s.db, portalId, webinar.id);
}
