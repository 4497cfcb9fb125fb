import { ZOOM_ACCOUNT } from "../helpers/world";
import { ACTION, actionBody, callSigned, registrantCalls, startActionWorld, webinar, type ActionWorld } from "./harness";

/**
 * Recurring webinars and the workflow action (CONTRACT.md §11): input field `occurrence`,
 * "all" (the default) or "next"; "next" registers with Zoom's `occurrence_ids` for the
 * next occurrence that has not started, read from GET /webinars/{id}'s `occurrences`.
 */
describe("workflow action: recurring webinars", () => {
  let world: ActionWorld;
  beforeAll(async () => (world = await startActionWorld()));
  afterAll(async () => world?.close());

  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  /** A recurring webinar (type 9): one occurrence already started, two to come, one of them deleted. */
  const recurring = (topic: string) =>
    webinar(world, {
      topic,
      type: 9,
      start_time: at(-30),
      settings: { registration_type: 3 },
      occurrences: [
        { occurrence_id: "1700000000000", start_time: at(-30), duration: 60, status: "available" },
        { occurrence_id: "1700000100000", start_time: at(24 * 60), duration: 60, status: "deleted" },
        { occurrence_id: "1700000200000", start_time: at(7 * 24 * 60), duration: 60, status: "available" },
        { occurrence_id: "1700000300000", start_time: at(14 * 24 * 60), duration: 60, status: "available" },
      ],
    });
  const sentFor = (id: string) => registrantCalls(world).filter((c) => c.path === `/v2/webinars/${id}/registrants`);
  const withOccurrence = (webinarId: string, occurrence: unknown, email: string) => {
    const body = actionBody({ webinarId, properties: { firstname: "Rae", lastname: "Current", email } });
    return { ...body, inputFields: { ...body.inputFields, occurrence } };
  };

  it("when 'next' is chosen, then Zoom is asked for the next occurrence that has not started, and the webinar's occurrences are recorded", async () => {
    const w = recurring("Weekly office hours");
    const res = await callSigned(world, ACTION, withOccurrence(w.id, "next", "rae@example.org"));
    expect(res.json.outputFields).toMatchObject({ hs_execution_state: "SUCCESS" });
    const [sent] = sentFor(w.id);
    // Not the one that started half an hour ago, nor the deleted one.
    expect(sent!.query).toEqual({ occurrence_ids: "1700000200000" });

    const row = await world.db.prisma.webinar.findFirstOrThrow({ where: { zoomWebinarId: w.id } });
    expect((row.occurrences as { occurrenceId: string }[]).map((o) => o.occurrenceId)).toEqual([
      "1700000000000", "1700000100000", "1700000200000", "1700000300000",
    ]);
  });

  it("when 'all' is chosen or the field is left empty, then the registration covers the series (no occurrence_ids)", async () => {
    const w = recurring("Monthly roadmap");
    for (const [occurrence, email] of [["all", "all@example.org"], [undefined, "none@example.org"], ["", "empty@example.org"], ["ALL", "caps@example.org"]] as const) {
      const res = await callSigned(world, ACTION, withOccurrence(w.id, occurrence, email));
      expect(res.json.outputFields).toMatchObject({ hs_execution_state: "SUCCESS" });
    }
    expect(sentFor(w.id).map((c) => c.query)).toEqual([{}, {}, {}, {}]);
  });

  it("when 'next' is chosen for a webinar that does not recur, then it is registered for the webinar itself", async () => {
    const w = webinar(world, { topic: "One-off launch" });
    const res = await callSigned(world, ACTION, withOccurrence(w.id, "next", "once@example.org"));
    expect(res.json.outputFields).toMatchObject({ hs_execution_state: "SUCCESS" });
    expect(sentFor(w.id).map((c) => c.query)).toEqual([{}]);
  });

  it("when every occurrence has started, then 'next' is WEBINAR_ENDED and Zoom is not asked to register", async () => {
    const w = webinar(world, {
      topic: "Series that is over",
      type: 9,
      start_time: at(-3 * 24 * 60),
      occurrences: [
        { occurrence_id: "1600000000000", start_time: at(-3 * 24 * 60), duration: 60, status: "available" },
        { occurrence_id: "1600000100000", start_time: at(-20), duration: 60, status: "available" },
      ],
    });
    const res = await callSigned(world, ACTION, withOccurrence(w.id, "next", "late@example.org"));
    expect(res.json.outputFields).toEqual({
      hs_execution_state: "FAIL_CONTINUE",
      error_code: "WEBINAR_ENDED",
      error_message: `Webinar ${w.id} has no occurrence left that has not started`,
    });
    expect(sentFor(w.id)).toEqual([]);
  });

  it("when the occurrence field holds something else, then 400 and nothing is registered", async () => {
    const w = recurring("Bad choice");
    const res = await callSigned(world, ACTION, withOccurrence(w.id, "first", "bad@example.org"));
    expect(res.status).toBe(400);
    expect(sentFor(w.id)).toEqual([]);
  });

  it("the fake Zoom takes occurrence_ids as Zoom does: known, live and future ids; several only with registration_type 3", async () => {
    const token = "recurring-test-token";
    world.zoom.accessTokens.set(token, { accountId: ZOOM_ACCOUNT, userId: "zu_admin", expiresAt: Date.now() + 3_600_000 });
    const w = recurring("Fake's rules");
    const single = webinar(world, { topic: "Register each occurrence", type: 9, settings: { registration_type: 2 }, occurrences: w.occurrences });
    const post = async (id: string, occurrenceIds: string, email: string) => {
      const res = await fetch(`${world.zoom.apiBaseUrl}/webinars/${id}/registrants?occurrence_ids=${occurrenceIds}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ first_name: "Fay", email }),
      });
      return { status: res.status, body: (await res.json()) as { code?: number; occurrences?: { occurrence_id: string }[] } };
    };
    const ok = await post(w.id, "1700000200000,1700000300000", "two@example.org");
    expect(ok.status).toBe(201);
    expect(ok.body.occurrences!.map((o) => o.occurrence_id)).toEqual(["1700000200000", "1700000300000"]);
    expect(await post(w.id, "999", "unknown@example.org")).toMatchObject({ status: 400, body: { code: 300 } });
    expect(await post(w.id, "1700000100000", "deleted@example.org")).toMatchObject({ status: 400, body: { code: 300 } });
    // One that is under way still takes registrations; one that is over does not.
    expect(await post(w.id, "1700000000000", "live@example.org")).toMatchObject({ status: 201 });
    const past = webinar(world, {
      topic: "Past occurrence",
      type: 9,
      occurrences: [
        { occurrence_id: "1500000000000", start_time: at(-3 * 24 * 60), duration: 60, status: "available" },
        { occurrence_id: "1500000100000", start_time: at(3 * 24 * 60), duration: 60, status: "available" },
      ],
    });
    expect(await post(past.id, "1500000000000", "over@example.org")).toMatchObject({ status: 400, body: { code: 3038 } });
    expect(await post(single.id, "1700000200000,1700000300000", "several@example.org")).toMatchObject({ status: 400, body: { code: 300 } });
    expect(await post(single.id, "1700000200000", "one@example.org")).toMatchObject({ status: 201 });
    const plain = webinar(world, { topic: "Not recurring" });
    expect(await post(plain.id, "1700000200000", "plain@example.org")).toMatchObject({ status: 400, body: { code: 300 } });
  });
});
