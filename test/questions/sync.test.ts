import { addFakeContact, type FakeZoomRegistrant, type FakeZoomWebinar, zoomEvents } from "@hzw/fakes";
import { PORTAL_ID } from "../helpers/world";
import { startPrivacyWorld, type PrivacyWorld } from "../privacy/harness";
import { hubspotState } from "../sync/factories";
import { apiOf, webinarWithQuestions } from "./harness";

/**
 * Answers to mapped registration questions reach HubSpot on sync (CONTRACT.md §11):
 * webhooks in (the registrant's standard fields and custom_questions), contact writes out;
 * a non-empty HubSpot value is replaced only when the mapping says "Zoom's answer wins".
 */
describe("registration answers synced to mapped contact properties", () => {
  let w: PrivacyWorld;
  let api: ReturnType<typeof apiOf>;
  beforeAll(async () => {
    w = await startPrivacyWorld();
    api = apiOf(w, w.browser, w.csrfToken);
  });
  afterAll(async () => w?.close());

  const HEARD = "How did you hear about us?";
  const register = async (webinar: FakeZoomWebinar, id: string, email: string, answers: Partial<FakeZoomRegistrant>) => {
    const registrant: FakeZoomRegistrant = {
      id, email, first_name: email.split("@")[0] ?? "", last_name: "Tester", status: "approved",
      join_url: `${webinar.join_url}?tk=${id}`, create_time: new Date().toISOString(), ...answers,
    };
    expect((await w.sender.send(zoomEvents.registrationCreated(webinar, registrant))).status).toBe(204);
  };
  const mapAll = (zoomWebinarId: string) =>
    api(`/webinars/${zoomWebinarId}/question-mappings`, {
      method: "PUT",
      body: { mappings: [
        { question: "job_title", property: "jobtitle", overwrite: true },
        { question: HEARD, property: "company", overwrite: false },
      ] },
    });

  it("when registrants answered mapped questions, then their contacts get the answers, and a non-empty value is kept unless Zoom's answer wins", async () => {
    const { webinar, row } = await webinarWithQuestions(w);
    expect((await mapAll(webinar.id)).status).toBe(200);
    addFakeContact(w.hubspot, PORTAL_ID, { email: "ann@answers.example", company: "Acme", jobtitle: "Old title" });
    await register(webinar, "reg_ann", "ann@answers.example", { job_title: "CTO", org: "Ann Corp", custom_questions: [{ title: HEARD, value: "Search" }] });
    await register(webinar, "reg_bob", "bob@answers.example", { job_title: "Developer", custom_questions: [{ title: HEARD, value: "A friend" }] });
    await w.drain();
    const recorded = await w.db.prisma.registrant.findFirstOrThrow({ where: { webinarId: row.id, email: "ann@answers.example" } });
    expect(recorded.answers).toEqual({ job_title: "CTO", org: "Ann Corp", [HEARD]: "Search" });

    w.hubspot.calls.length = 0;
    await w.sync(w.connectionId, webinar.id);
    const hs = hubspotState(w);
    expect(hs.contact("ann@answers.example")?.properties).toMatchObject({ jobtitle: "CTO", company: "Acme" });
    expect(hs.contact("bob@answers.example")?.properties).toMatchObject({ jobtitle: "Developer", company: "A friend" });
    // The unmapped answer (org) is not written anywhere.
    expect(Object.values(hs.contact("ann@answers.example")?.properties ?? {})).not.toContain("Ann Corp");
    // The current values were read in batches, not per person.
    expect(w.hubspot.calls.filter((c) => c.method === "GET" && c.path.includes("/crm/objects/"))).toEqual([]);

    // A re-sync with nothing changed writes nothing.
    w.hubspot.calls.length = 0;
    await w.sync(w.connectionId, webinar.id);
    expect(w.hubspot.calls.filter((c) => c.path.endsWith("/contacts/batch/upsert"))).toEqual([]);
  });

  it("when mappings are added after a contact was written, then the next sync fills its empty property and keeps a filled one", async () => {
    const { webinar } = await webinarWithQuestions(w);
    await register(webinar, "reg_cat", "cat@answers.example", { job_title: "Designer", custom_questions: [{ title: HEARD, value: "Newsletter" }] });
    await register(webinar, "reg_dan", "dan@answers.example", { job_title: "Manager", custom_questions: [{ title: HEARD, value: "Search" }] });
    await w.drain();
    await w.sync(w.connectionId, webinar.id);
    const hs = hubspotState(w);
    expect(hs.contact("cat@answers.example")?.properties.company ?? null).toBeNull();
    // Someone typed Dan's company in HubSpot meanwhile.
    const dan = hs.contact("dan@answers.example");
    if (!dan) throw new Error("dan was not written");
    dan.properties.company = "Dan's Own Co";

    expect((await mapAll(webinar.id)).status).toBe(200);
    await w.sync(w.connectionId, webinar.id);
    expect(hs.contact("cat@answers.example")?.properties).toMatchObject({ jobtitle: "Designer", company: "Newsletter" });
    expect(hs.contact("dan@answers.example")?.properties).toMatchObject({ jobtitle: "Manager", company: "Dan's Own Co" });
  });
});
