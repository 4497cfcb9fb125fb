import type { Prisma } from "../../src/generated/prisma/client";
import { crmOf, eventKey } from "@hzw/fakes";
import { connectZoom, install, PORTAL_ID, ZOOM_ACCOUNT, type World } from "../helpers/world";

/**
 * Recorded Zoom facts written straight into the tables the webhook intake fills, so the
 * sync can be tested on its own; and readers of what the fake HubSpot holds.
 */
export const HOST = { zoomUserId: "zu_admin", email: "host@zoomco.example" };

export async function installAndConnect(world: World) {
  const { browser, csrfToken } = await install(world);
  const connection = await connectZoom(world, browser);
  await world.db.prisma.portal.update({
    where: { id: BigInt(PORTAL_ID) },
    data: { webinarSyncEnabled: true, webinarSyncScope: "all" },
  });
  await zoomUser(world, connection.id, HOST);
  return { browser, csrfToken, connection };
}

export function zoomUser(
  world: World,
  connectionId: string,
  user: { zoomUserId: string; email: string; syncNewWebinarsByDefault?: boolean; syncRecordingsAndTranscripts?: boolean },
) {
  const data = {
    email: user.email,
    syncNewWebinarsByDefault: user.syncNewWebinarsByDefault ?? true,
    syncRecordingsAndTranscripts: user.syncRecordingsAndTranscripts ?? false,
  };
  return world.db.prisma.zoomUser.upsert({
    where: { connectionId_zoomUserId: { connectionId, zoomUserId: user.zoomUserId } },
    create: { connectionId, zoomUserId: user.zoomUserId, ...data },
    update: data,
  });
}

let webinarCounter = 0;
export const T0 = new Date("2026-11-20T15:00:00Z");
export const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** A webinar that ran from T0 for 60 minutes. */
export function buildWebinar(world: World, connectionId: string, overrides: Partial<Prisma.WebinarUncheckedCreateInput> = {}) {
  webinarCounter += 1;
  const zoomWebinarId = String(81000000000 + webinarCounter);
  return world.db.prisma.webinar.create({
    data: {
      connectionId,
      zoomWebinarId,
      uuid: `uuid-${zoomWebinarId}`,
      topic: `Webinar ${webinarCounter}`,
      startTime: T0,
      actualStartTime: T0,
      endedAt: minutes(60),
      durationMinutes: 60,
      hostId: HOST.zoomUserId,
      hostEmail: HOST.email,
      joinUrl: `https://zoom.example/w/${zoomWebinarId}`,
      syncEnabled: true,
      ...overrides,
    },
  });
}

export function register(
  world: World,
  webinarId: string,
  person: { email: string; firstName?: string; lastName?: string; joinUrl?: string | null; at?: Date; cancelledAt?: Date },
) {
  return world.db.prisma.registrant.create({
    data: {
      webinarId,
      email: person.email.toLowerCase(),
      firstName: person.firstName ?? "",
      lastName: person.lastName ?? "",
      zoomRegistrantId: `reg-${person.email}`,
      joinUrl: person.joinUrl === undefined ? `https://zoom.example/j/${encodeURIComponent(person.email)}` : person.joinUrl,
      registeredAt: person.at ?? minutes(-60 * 24),
      status: person.cancelledAt ? "cancelled" : "approved",
      cancelledAt: person.cancelledAt ?? null,
      source: "webhook",
    },
  });
}

/** Join/leave events: each session is [fromMinute, toMinute] after T0. */
export async function attend(
  world: World,
  webinarId: string,
  person: { email: string | null; name?: string; key?: string; registrantId?: string },
  sessions: [number, number][],
) {
  const participantKey = person.key ?? person.email ?? `anon-${Math.random()}`;
  await world.db.prisma.participantEvent.createMany({
    data: sessions.flatMap(([from, to]) => [
      { webinarId, participantKey, email: person.email, name: person.name ?? "", registrantId: person.registrantId, kind: "join", at: minutes(from), source: "webhook" },
      { webinarId, participantKey, email: person.email, name: person.name ?? "", registrantId: person.registrantId, kind: "leave", at: minutes(to), source: "webhook" },
    ]),
    skipDuplicates: true,
  });
}

/** What the fake HubSpot portal holds. */
export function hubspotState(world: World) {
  const crm = crmOf(world.hubspot.portal(PORTAL_ID));
  const live = () => [...crm.contacts.values()].filter((c) => !c.archived);
  return {
    crm,
    contacts: live,
    contact: (email: string) => live().find((c) => c.properties.email === email.toLowerCase()),
    /** Attendance records of a webinar's marketing event: "state email" strings, sorted. */
    attendance: (zoomWebinarId: string) =>
      [...(crm.attendance.get(eventKey(ZOOM_ACCOUNT, zoomWebinarId))?.values() ?? [])].map((a) => `${a.state} ${a.email}`).sort(),
    event: (zoomWebinarId: string) => crm.events.get(eventKey(ZOOM_ACCOUNT, zoomWebinarId)),
  };
}

export const zoomProps = (c: { properties: Record<string, string | null> } | undefined) =>
  c && {
    registrations: c.properties.zoom_webinar_registration_count,
    attended: c.properties.zoom_webinar_attendance_count,
    average: c.properties.zoom_webinar_attendance_average_duration,
    joinlink: c.properties.zoom_webinar_joinlink,
  };

export async function auditOf(world: World, webinarId: string) {
  return world.db.prisma.auditEntry.findMany({ where: { webinarId }, orderBy: { at: "desc" } });
}

/** 250 registrants (3 contact batches), 120 of whom attended. */
export async function bigWebinar(world: World, connectionId: string, domain: string) {
  const w = await buildWebinar(world, connectionId);
  await world.db.prisma.registrant.createMany({
    data: Array.from({ length: 250 }, (_, i) => ({
      webinarId: w.id,
      email: `p${i}@${domain}`,
      firstName: `P${i}`,
      registeredAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
      source: "webhook",
    })),
  });
  for (let i = 0; i < 120; i++) await attend(world, w.id, { email: `p${i}@${domain}` }, [[0, 30]]);
  return w;
}

/** Everything of a bigWebinar reached HubSpot once: 250 contacts, 250 registrations, 120 attendances. */
export function expectBigWebinarSynced(world: World, w: { zoomWebinarId: string }, domain: string) {
  const hs = hubspotState(world);
  const mine = hs.contacts().filter((c) => c.properties.email!.endsWith(`@${domain}`));
  expect(mine).toHaveLength(250);
  expect(new Set(mine.map((c) => c.properties.email)).size).toBe(250);
  expect(mine.every((c) => c.properties.zoom_webinar_registration_count === "1")).toBe(true);
  const records = hs.attendance(w.zoomWebinarId);
  expect(records.filter((r) => r.startsWith("register "))).toHaveLength(250);
  expect(records.filter((r) => r.startsWith("attend "))).toHaveLength(120);
}
