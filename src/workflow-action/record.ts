import { GroupCommit } from "../db/group-commit";
import { inTransaction } from "../db/transaction";
import { WebinarObject } from "../zoom/schemas";
import { recordWorkflowRegistrations, type Registration, type RegistrationForZoomWebinar } from "../webinars/people";
import { findZoomUser } from "../webinars/repository/zoom-users";
import { factsOf, upsertWebinar, type WebinarFacts } from "../webinars/webinar-facts";
import type { WorkflowActionDeps } from "./deps";
import type { ActionOutput } from "./schemas";
import type { ZoomWebinar } from "../zoom/endpoints/webinars";
import type { Person } from "./zoom-registration";

/** Recording a registration writes the facts and asks for the webinar's sync. */
type Deps = Pick<WorkflowActionDeps, "db" | "requestWebinarSync">;

/**
 * A registration made by the workflow action is a webinar fact like one Zoom reports,
 * written through src/webinars (which owns those tables): the webinar when it is new to
 * us, and a registrant row unique per webinar and email, so Zoom's own
 * `webinar.registration_created` webhook for the same person lands on the same row and
 * the registration counts once. The fact, the callback's stored answer and the sync
 * request commit together: either HubSpot's retry finds the answer, or nothing.
 *
 * The common case, a webinar we already know, goes through the process's
 * RegistrationRecorder (group commit, below), which leaves the webinar's row to its
 * webhooks and syncs (upserting it would lock its row and queue every concurrent
 * registration for it behind one another). A webinar new to us is created first, in a
 * transaction of its own, then its registrations go the same way.
 */
export async function recordWorkflowRegistration(
  s: Deps,
  args: {
    callbackId: string;
    connectionId: string;
    webinar: ZoomWebinar;
    person: Person;
    registration: { registrantId: string; joinUrl: string };
    output: ActionOutput;
    /** The answers sent to Zoom (mapped registration questions). */
    answers?: Record<string, string>;
  },
) {
  const { connectionId, webinar, person, registration } = args;
  const fact: Registration = {
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
    zoomRegistrantId: registration.registrantId,
    // Manual approval (approval_type 1) leaves the registrant pending until the host decides.
    status: webinar.settings?.approval_type === 1 ? "pending" : "approved",
    joinUrl: registration.joinUrl || undefined,
    at: new Date(),
    source: "workflow",
    answers: args.answers,
  };
  const recorded = await recorderOf(s).record({ connectionId, zoomWebinarId: webinar.id, registration: fact, callbackId: args.callbackId, output: args.output });
  if (recorded) return;

  // Not known (nothing was written for it): create it with what Zoom said, then record
  // as for any known webinar. A burst of registrations for a webinar new to us (a list
  // enrolled before its webhook arrived) shares one creation.
  await ensureWebinar(s, connectionId, webinar);
  const now = await recorderOf(s).record({ connectionId, zoomWebinarId: webinar.id, registration: fact, callbackId: args.callbackId, output: args.output });
  if (!now) throw new Error(`webinar ${webinar.id} could not be recorded`);
}

const creating = new Map<string, Promise<void>>();
function ensureWebinar(s: Pick<WorkflowActionDeps, "db">, connectionId: string, webinar: ZoomWebinar): Promise<void> {
  const key = `${connectionId} ${webinar.id}`;
  let running = creating.get(key);
  if (!running) {
    running = (async () => {
      const facts = await newWebinarFacts(s, connectionId, webinar);
      await s.db.prisma.$transaction((tx) => upsertWebinar(tx, connectionId, webinar.id, { set: facts.facts }, facts.syncIfNew));
    })().finally(() => creating.delete(key));
    creating.set(key, running);
  }
  return running;
}

interface Pending extends RegistrationForZoomWebinar {
  callbackId: string;
  output: ActionOutput;
}

/** Registrations per transaction (one element of each array parameter). */
const MAX_BATCH = 100;
/**
 * Transactions recording registrations at the same time. One: the next batch gathers
 * while this one commits, and bigger batches cost the database (and this process) less
 * per registration; measured at concurrency 16, two in flight gave lower throughput and
 * a longer tail.
 */
const MAX_IN_FLIGHT = 1;

/**
 * Records registrations for webinars we already know, with group commit
 * (src/db/group-commit.ts) as src/webhooks/record.ts does for webhooks: registrations
 * arriving while earlier ones are being written share the next transaction (one
 * statement for the registrants and the callbacks' answers, one sync request per
 * webinar, one COMMIT). A batch never holds two registrations of one person for one
 * webinar (the registrant statement could not apply both): the second waits for the
 * next batch. A registration whose webinar is not known is not written and answers false.
 */
class RegistrationRecorder {
  private readonly commits = new GroupCommit<Pending, boolean>({
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    key: (p) => `${p.connectionId} ${p.zoomWebinarId} ${p.registration.email.toLowerCase()}`,
    write: (batch) => this.write(batch),
  });

  constructor(private readonly s: Deps) {}

  record(r: Pending): Promise<boolean> {
    return this.commits.submit(r);
  }

  /** One transaction: which registrations were recorded (their webinar is known). */
  private write(batch: Pending[]): Promise<boolean[]> {
    // Prepared: the same few statements every time, whatever the batch size (lists go as arrays).
    return inTransaction(this.s.db, async (tx) => {
      // The registrations and, for those recorded, their callbacks' answers: one statement.
      const webinarRowIds = await recordWorkflowRegistrations(tx, batch);
      // Last: the job's singleton key is what concurrent registrations for one webinar share.
      for (const webinarRowId of new Set(webinarRowIds.filter((id) => id !== undefined))) {
        await this.s.requestWebinarSync(webinarRowId, { tx });
      }
      return webinarRowIds.map((id) => id !== undefined);
    }, { prepare: true });
  }
}

const recorders = new WeakMap<Deps, RegistrationRecorder>();
function recorderOf(s: Deps): RegistrationRecorder {
  let recorder = recorders.get(s);
  if (!recorder) recorders.set(s, (recorder = new RegistrationRecorder(s)));
  return recorder;
}

/**
 * A webinar new to us (created before Zoom was connected, or its webhook is late), as
 * Zoom's API describes it. It gets its host's "sync new webinars" default (CONTRACT.md
 * §3); an unknown host is not looked up in Zoom here: HubSpot is waiting for the answer.
 */
async function newWebinarFacts(s: Pick<WorkflowActionDeps, "db">, connectionId: string, webinar: ZoomWebinar) {
  const host = webinar.host_id ? await findZoomUser(s.db.prisma, connectionId, webinar.host_id) : null;
  // Zoom already registered the person: an odd field in its webinar answer must not lose that.
  const described = WebinarObject.safeParse(webinar);
  const facts: WebinarFacts = described.success ? { ...factsOf(described.data), uuid: described.data.uuid } : {};
  return { facts, syncIfNew: host?.syncNewWebinarsByDefault ?? true };
}
