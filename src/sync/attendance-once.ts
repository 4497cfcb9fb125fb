import type { PrismaClient } from "../db/database";
import { outcomeUnknown } from "../hubspot/errors";
import { recordAttendance, recordedParticipations, type EventRef, type SubscriberState } from "../hubspot/marketing-events";
import type { HubSpotWriter } from "../hubspot/writer";
import { deleteMarks, fingerprintsOfKind, saveMarks } from "./repository/marks";

/**
 * One batch of marketing-event attendance (email-create), sent exactly once.
 *
 * email-create is treated as not idempotent (src/hubspot/marketing-events.ts says why), so
 * before the send an intent is written per person (sync_marks `attendance-intent`, key
 * `<state>:<email>`, with the write's fingerprint). The caller's mark of the state, saved
 * once HubSpot answered, has the same fingerprint and keeps the write from being planned
 * again; an intent whose write is planned again with the same fingerprint therefore means
 * the answer was lost or the process died before the mark: HubSpot's participations are
 * read back first and those it already holds are counted as recorded, not re-sent.
 * Intents are dropped when HubSpot's answer shows nothing was written (a refusal, a 429
 * or 503, no connection), so an ordinary failure costs no read-back.
 */
const KIND = "attendance-intent";

interface Attended {
  email: string;
  fingerprint: string;
  interactionDateTime: number;
}

export async function recordAttendanceOnce(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  webinarId: string,
  event: EventRef,
  state: SubscriberState,
  batch: Attended[],
): ReturnType<typeof recordAttendance> {
  const key = (w: Attended) => `${state}:${w.email}`;
  const intended = await fingerprintsOfKind(prisma, webinarId, KIND, batch.map(key));
  const uncertain = batch.filter((w) => intended.get(key(w)) === w.fingerprint);
  const already = uncertain.length ? await recordedParticipations(writer, event, state, uncertain.map((w) => w.email)) : new Set<string>();
  const toSend = batch.filter((w) => !already.has(w.email));
  if (toSend.length === 0) return { recorded: already, errors: [] };

  await saveMarks(prisma, webinarId, KIND, toSend.map((w) => ({ key: key(w), fingerprint: w.fingerprint })));
  try {
    const answer = await recordAttendance(writer, event, state, toSend);
    // A whole batch written shows no errors: every email of it counts as recorded.
    const recorded = answer.errors.length ? answer.recorded : new Set(toSend.map((w) => w.email));
    return { recorded: new Set([...already, ...recorded]), errors: answer.errors };
  } catch (err) {
    if (!outcomeUnknown(err)) {
      await deleteMarks(prisma, webinarId, KIND, toSend.map(key));
    }
    throw err;
  }
}
