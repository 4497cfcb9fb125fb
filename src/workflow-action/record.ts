import type { ZoomConnection } from "../generated/prisma/client";
import type { JobDefinition } from "../queue/queue";
import type { Services } from "../services";
import { requestWebinarSync, syncWebinarJob } from "../sync/trigger";
import { WebinarObject } from "../webinars/payloads";
import { recordRegistration } from "../webinars/people";
import { factsOf, upsertWebinar, type WebinarFacts } from "../webinars/webinar-facts";
import { completeCallback } from "./callbacks";
import type { ActionOutput } from "./schemas";
import type { Person, ZoomWebinar } from "./zoom-registration";

/**
 * A registration made by the workflow action is a webinar fact like one Zoom reports,
 * written through src/webinars (which owns those tables): the webinar when it is new to
 * us, and a registrant row unique per webinar and email, so Zoom's own
 * `webinar.registration_created` webhook for the same person lands on the same row and
 * the registration counts once. The fact, the callback's stored answer and the sync
 * request commit together: either HubSpot's retry finds the answer, or nothing.
 */
export async function recordWorkflowRegistration(
  s: Services,
  args: {
    callbackId: string;
    connection: ZoomConnection;
    webinar: ZoomWebinar;
    person: Person;
    registration: { registrantId: string; joinUrl: string };
    output: ActionOutput;
  },
) {
  const { connection, webinar, person, registration } = args;
  // Creating the job's queue touches the database outside the transaction: do it first.
  await s.queue.register(syncWebinarJob as JobDefinition<unknown>);
  const known = await s.db.prisma.webinar.findUnique({
    where: { connectionId_zoomWebinarId: { connectionId: connection.id, zoomWebinarId: webinar.id } },
    select: { id: true },
  });
  const facts = known ? undefined : await newWebinarFacts(s, connection.id, webinar);

  await s.db.prisma.$transaction(async (tx) => {
    // A webinar we know is left to its webhooks and syncs (upserting it would lock its row
    // and queue every concurrent registration for it behind one another).
    const row = known ?? (await upsertWebinar(tx, connection.id, webinar.id, { set: facts!.facts }, facts!.syncIfNew)).webinar;
    await recordRegistration(tx, row.id, {
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      zoomRegistrantId: registration.registrantId,
      // Manual approval (approval_type 1) leaves the registrant pending until the host decides.
      status: webinar.settings?.approval_type === 1 ? "pending" : "approved",
      joinUrl: registration.joinUrl || undefined,
      at: new Date(),
      source: "workflow",
    });
    await completeCallback(tx, args.callbackId, args.output);
    // Last: the job's singleton key is what concurrent registrations for one webinar share.
    await requestWebinarSync(s.queue, row.id, { tx });
  });
}

/**
 * A webinar new to us (created before Zoom was connected, or its webhook is late), as
 * Zoom's API describes it. It gets its host's "sync new webinars" default (CONTRACT.md
 * §3); an unknown host is not looked up in Zoom here: HubSpot is waiting for the answer.
 */
async function newWebinarFacts(s: Services, connectionId: string, webinar: ZoomWebinar) {
  const host = webinar.host_id
    ? await s.db.prisma.zoomUser.findUnique({ where: { connectionId_zoomUserId: { connectionId, zoomUserId: webinar.host_id } } })
    : null;
  // Zoom already registered the person: an odd field in its webinar answer must not lose that.
  const described = WebinarObject.safeParse(webinar);
  const facts: WebinarFacts = described.success ? { ...factsOf(described.data), uuid: described.data.uuid } : {};
  return { facts, syncIfNew: host?.syncNewWebinarsByDefault ?? true };
}
