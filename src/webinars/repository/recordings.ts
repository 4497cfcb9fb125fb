import { query, statement } from "../../db/statement";
import type { Prisma, Recording } from "../../generated/prisma/client";
import type { Tx } from "./webinars";

/** The recordings table (owner: src/webinars): one row per webinar instance, its files merged by id. */

const insertIfNew = statement(
  "webinars.insertRecordingIfNew",
  `INSERT INTO recordings (id, webinar_id, instance_uuid, status, updated_at)
   VALUES (gen_random_uuid(), $1::uuid, $2::text, 'processing', now())
   ON CONFLICT (webinar_id, instance_uuid) DO NOTHING`,
);

const lockRow = statement(
  "webinars.lockRecording",
  "SELECT id FROM recordings WHERE webinar_id = $1::uuid AND instance_uuid = $2::text FOR UPDATE",
);

/** The instance's recording, created (processing, no files) when new, and locked for the rest of `tx`. */
export async function lockRecordingCreatingIt(tx: Tx, webinarId: string, instanceUuid: string): Promise<Recording> {
  await query(tx, insertIfNew, [webinarId, instanceUuid]);
  await query(tx, lockRow, [webinarId, instanceUuid]);
  return tx.recording.findUniqueOrThrow({ where: { webinarId_instanceUuid: { webinarId, instanceUuid } } });
}

export async function updateRecording(tx: Tx, id: string, data: Prisma.RecordingUpdateInput): Promise<void> {
  await tx.recording.update({ where: { id }, data });
}
