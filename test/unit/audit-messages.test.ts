import {
  exclusionMessage, INTERNAL_TEXT, NOT_SYNCED_WORDS, plainMessage, problemsMessage, RECORDING_WORDS, RUN_WORDS, syncedMessage, type ExclusionReason,
} from "../../src/audit/messages";
import type { PrismaClient } from "../../src/db/database";
import { SyncReport } from "../../src/sync/report";
import type { SyncContext } from "../../src/sync/context";
import { syncGivenUp } from "../../src/sync/worker";

/**
 * Every message the audit log can be given, in plain words: none holds an internal id
 * (a uuid) or a JSON path (`a.b.0`, `inputs[0].email`), even when an outside service's
 * words carry one; the raw text stays in the details. The messages are collected from
 * src/audit/messages.ts, the sync's report (src/sync/report.ts) and the job given up
 * (src/sync/worker.ts), through a stand-in database that keeps what is written.
 */
const ID = "3f0c1f4e-5a9e-4f2b-9d7c-2b1e8f6a0c11";
const RAW = `Property values were not valid: inputs[0].properties.zoom_webinar_joinlink for ${ID} (exclusions.contactDomains.2)`;

const isInternal = (text: string) => INTERNAL_TEXT.some((p) => new RegExp(p.source, "i").test(text));

/** A stand-in for the tables an audit entry touches: keeps the entries written. */
function recordingPrisma() {
  const written: { message: string; details: unknown }[] = [];
  const prisma = {
    auditEntry: {
      findMany: async () => [],
      findFirst: async () => null,
      create: async ({ data }: { data: { message: string; details: unknown } }) => void written.push(data),
    },
    webinar: {
      update: async () => ({}),
      findUnique: async () => ({ id: ID, connection: { portalId: 1n } }),
    },
    syncRun: { findUnique: async () => null, updateMany: async () => ({ count: 0 }) },
  };
  return { prisma: prisma as unknown as PrismaClient, written };
}

describe("audit messages", () => {
  it("the patterns catch what they are meant to catch", () => {
    for (const bad of [ID, "exclusions.contactDomains.2", "a.b.0", "inputs[0].email", "errors.0.message"]) expect(isInternal(bad)).toBe(true);
    for (const fine of ["Synced to HubSpot: wrote 3 contacts.", "Average attendance 71.67 %", "ann@customer.example", "HTTP 1.1"]) expect(isInternal(fine)).toBe(false);
    expect(plainMessage(RAW)).toBe("Property values were not valid: zoom_webinar_joinlink for (an internal id) (contactDomains)");
  });

  it("no message of src/audit/messages.ts holds an internal id or a JSON path", () => {
    const reasons: ExclusionReason[] = ["hubspot_user", "excluded_domain", "invalid_email", "secondary_email", "no_email"];
    const messages = [
      ...reasons.map((r) => exclusionMessage({ [r]: 1 })),
      exclusionMessage(Object.fromEntries(reasons.map((r) => [r, 2]))),
      ...Object.values(NOT_SYNCED_WORDS),
      ...Object.values(RECORDING_WORDS),
      ...Object.values(RUN_WORDS),
      syncedMessage({ contacts: 7, registrations: 6, attendees: 7 }, {}),
      syncedMessage({ contacts: 1, registrations: 1, attendees: 0, recordings: 1 }, { contacts: 1, records: 2, events: 1, timeline: 3, recordings: 1, transcripts: 1 }),
      problemsMessage([plainMessage(RAW), "Another"]),
    ];
    expect(syncedMessage({ contacts: 7, registrations: 6, attendees: 7 }, {})).toBe("Sync finished: no changes; HubSpot already has 7 contacts, 6 registrations, 7 attendees.");
    for (const m of messages) expect({ m, internal: isInternal(m) }).toEqual({ m, internal: false });
  });

  it("no message the sync's report writes holds one, whatever HubSpot's words carried; the raw text may stay in the details", async () => {
    const { prisma, written } = recordingPrisma();
    const ctx = { webinar: { id: ID }, portal: { id: 1n } } as unknown as SyncContext;
    const report = new SyncReport(ctx);
    await report.disabled(prisma, "webinar_off");
    await report.disabled(prisma, "a reason nobody has words for");
    await report.connectionProblem(prisma, { status: "revoked", message: `HubSpot refused the app for portal ${ID}`, since: null });
    await report.refused(prisma, RAW, RAW);
    report.error("property_update_failed", RAW, 2, "zoom_webinar_joinlink");
    report.error("attendance_failed", `HubSpot refused some marketing event register records: ${RAW}`);
    report.recordingNotSynced(ID, "still_processing");
    report.counted({ hubspot_user: 2, excluded_domain: 1, invalid_email: 0, secondary_email: 0, no_email: 1 }, 3, { contacts: 4, registrations: 3, attendees: 2 });
    report.attendeesMissing(true);
    await report.finish(prisma);

    await syncGivenUp({ db: { prisma } }, { webinarId: ID }, new Error(RAW), { jobId: "j", retryCount: 8, isLastAttempt: true });

    expect(written.length).toBeGreaterThanOrEqual(10);
    for (const { message } of written) expect({ message, internal: isInternal(message) }).toEqual({ message, internal: false });
    expect(written.some((e) => JSON.stringify(e.details).includes(ID))).toBe(true);
  });
});
