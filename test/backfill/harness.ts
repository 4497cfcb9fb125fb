import { setTimeout as sleep } from "node:timers/promises";
import { addPastWebinar, crmOf, eventKey, type FakeZoomUser } from "@hzw/fakes";
import type { Browser } from "../helpers/browser";
import { ZOOM_ACCOUNT, freshInstall, type World } from "../helpers/world";

/** Backfill tests: a portal of its own, a Zoom host of its own with past webinars in the fake Zoom account. */

export const DAY = 86_400_000;
export const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

let hosts = 0;

export async function portalWithHost(world: World) {
  const { portalId, browser, connectionId } = await freshInstall(world);
  await world.db.prisma.portal.update({ where: { id: BigInt(portalId) }, data: { webinarSyncEnabled: true, webinarSyncScope: "all" } });
  const n = ++hosts;
  const host: FakeZoomUser = { id: `zu_backfill_${n}`, email: `host${n}@zoomco.example`, first_name: "Past", last_name: `Host ${n}`, type: 2 };
  world.zoom.account(ZOOM_ACCOUNT).users.push(host);
  await world.db.prisma.zoomUser.create({ data: { connectionId, zoomUserId: host.id, email: host.email, displayName: `Past Host ${n}` } });
  const session = (await (await browser.fetch(`${world.app.url}/api/session`)).json()) as { csrfToken: string };
  return { portalId, browser, connectionId, host, csrfToken: session.csrfToken };
}

export type Portal = Awaited<ReturnType<typeof portalWithHost>>;

/** A past webinar of the host: two registrants, one of whom attended for 30 of its 60 minutes. */
export function pastWebinar(world: World, p: Portal, topic: string, started: Date) {
  const slug = topic.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const ann = `ann.${slug}@customer.example`;
  const bob = `bob.${slug}@customer.example`;
  return {
    ...addPastWebinar(world.zoom, ZOOM_ACCOUNT, p.host, {
      topic,
      startTime: started,
      durationMinutes: 60,
      registrants: [
        { firstName: "Ann", lastName: "Attendee", email: ann },
        { firstName: "Bob", lastName: "Absent", email: bob },
      ],
      attendees: [{ email: ann, minutes: 30 }],
    }),
    ann,
    bob,
  };
}

export function api(world: World, p: Pick<Portal, "browser" | "csrfToken">) {
  const call = async (method: string, path: string, body?: unknown, b: Browser = p.browser) => {
    const res = await b.fetch(`${world.app.url}/api${path}`, {
      method,
      headers: { "content-type": "application/json", "x-csrf-token": p.csrfToken },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return {
    start: (body: unknown) => call("POST", "/backfill", body),
    get: (id: string) => call("GET", `/backfill/${id}`),
    stop: (id: string) => call("DELETE", `/backfill/${id}`),
    list: () => call("GET", "/backfill"),
  };
}

export async function until<T>(what: () => Promise<T | undefined | false> | T | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(100);
  }
}

/** Waits for the backfill to end (done, stopped or failed) and answers its state. */
export function finished(world: World, p: Portal, id: string) {
  return until(async () => {
    const { body } = await api(world, p).get(id);
    return body.status !== "running" && body;
  });
}

/** HubSpot's view of a portal: its contacts by email and a webinar's marketing event attendance ("state email"). */
export function hubspotOf(world: World, portalId: number) {
  const crm = crmOf(world.hubspot.portal(portalId));
  return {
    contact: (email: string) => [...crm.contacts.values()].find((c) => !c.archived && c.properties.email === email),
    event: (zoomWebinarId: string) => crm.events.get(eventKey(ZOOM_ACCOUNT, zoomWebinarId)),
    attendance: (zoomWebinarId: string) =>
      [...(crm.attendance.get(eventKey(ZOOM_ACCOUNT, zoomWebinarId))?.values() ?? [])].map((a) => `${a.state} ${a.email}`).sort(),
  };
}
