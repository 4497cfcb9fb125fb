import { addFakeContact, addFakeWebinar, type FakeZoomWebinar } from "@hzw/fakes";
import { connectZoom, install, PORTAL_ID, startWorld, ZOOM_ACCOUNT, type World } from "../helpers/world";
import { ACTION, actionBody, callSigned, registrantCalls } from "../workflow-action/harness";
import { apiOf, FORM } from "./harness";

/**
 * The workflow action answers the webinar's required registration questions from the
 * contact properties they are mapped to (CONTRACT.md §11), and refuses with
 * REQUIRED_QUESTION_UNANSWERED, naming the question, before Zoom is asked to register.
 */
describe("workflow action and registration questions", () => {
  let world: World;
  let api: ReturnType<typeof apiOf>;
  let connectionId: string;
  const HEARD = "How did you hear about us?";

  beforeAll(async () => {
    world = await startWorld({ workers: false });
    const { browser, csrfToken } = await install(world);
    connectionId = (await connectZoom(world, browser)).id;
    api = apiOf(world, browser, csrfToken);
  });
  afterAll(async () => world?.close());

  /** A webinar with the questions' form, known to the app, with these mappings. */
  async function webinarMapped(mappings: { question: string; property: string; overwrite?: boolean }[]): Promise<FakeZoomWebinar> {
    const webinar = addFakeWebinar(world.zoom, ZOOM_ACCOUNT, { id: "zu_other", email: "other-host@zoomco.example" }, {
      topic: "Webinar with required questions",
      registration_questions: structuredClone(FORM),
    });
    await world.db.prisma.webinar.create({
      data: { connectionId, zoomWebinarId: webinar.id, topic: webinar.topic, hostId: "zu_other", hostEmail: "other-host@zoomco.example", syncEnabled: true },
    });
    const put = await api(`/webinars/${webinar.id}/question-mappings`, { method: "PUT", body: { mappings } });
    expect(put.status).toBe(200);
    return webinar;
  }
  const contact = (email: string, properties: Record<string, string> = {}) =>
    Number(addFakeContact(world.hubspot, PORTAL_ID, { email, firstname: "Ada", lastname: "Lovelace", ...properties }).id);

  it("when the required questions are mapped and the contact has values, then Zoom gets the answers and the person is registered", async () => {
    const webinar = await webinarMapped([{ question: "job_title", property: "jobtitle" }, { question: HEARD, property: "company" }]);
    const objectId = contact("ada@questions.example", { jobtitle: "Engineer", company: "A friend" });
    const res = await callSigned(world, ACTION, actionBody({
      webinarId: webinar.id, objectId, properties: { firstname: "Ada", lastname: "Lovelace", email: "ada@questions.example" },
    }));
    expect(res.status).toBe(200);
    expect(res.json.outputFields).toMatchObject({ hs_execution_state: "SUCCESS" });
    const registrant = webinar.registrants.find((r) => r.email === "ada@questions.example");
    expect(registrant).toMatchObject({ job_title: "Engineer", custom_questions: [{ title: HEARD, value: "A friend" }] });
    // The answers are recorded with the registration, as Zoom's would be.
    const row = await world.db.prisma.registrant.findFirstOrThrow({ where: { email: "ada@questions.example" } });
    expect(row.answers).toEqual({ job_title: "Engineer", [HEARD]: "A friend" });
  });

  it("when a required question is not mapped, then REQUIRED_QUESTION_UNANSWERED names it and Zoom is not asked to register", async () => {
    const webinar = await webinarMapped([{ question: "job_title", property: "jobtitle" }]);
    const objectId = contact("bob@questions.example", { jobtitle: "Engineer" });
    const before = registrantCalls(world).length;
    const res = await callSigned(world, ACTION, actionBody({
      webinarId: webinar.id, objectId, properties: { firstname: "Bob", lastname: "B", email: "bob@questions.example" },
    }));
    expect(res.json.outputFields).toEqual({
      hs_execution_state: "FAIL_CONTINUE",
      error_code: "REQUIRED_QUESTION_UNANSWERED",
      error_message: expect.stringContaining(`"${HEARD}"`),
    });
    expect(registrantCalls(world).length).toBe(before);
  });

  it("when a required question's property is empty on the contact, then the refusal names the question and the property", async () => {
    const webinar = await webinarMapped([{ question: "job_title", property: "jobtitle" }, { question: HEARD, property: "company" }]);
    const objectId = contact("cat@questions.example", { company: "Search" });
    const res = await callSigned(world, ACTION, actionBody({ webinarId: webinar.id, objectId, properties: { firstname: "Cat", email: "cat@questions.example" } }));
    expect(res.json.outputFields).toMatchObject({ error_code: "REQUIRED_QUESTION_UNANSWERED" });
    expect(res.json.outputFields.error_message).toMatch(/"job_title".*"jobtitle"/);
  });

  it("when Zoom is asked to register someone without a required answer, then the fake refuses as a validation failure naming the question", async () => {
    const webinar = await webinarMapped([]);
    const token = [...world.zoom.accessTokens.keys()][0] ?? "";
    const res = await fetch(`${world.zoom.apiBaseUrl}/webinars/${webinar.id}/registrants`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ first_name: "Dee", email: "dee@questions.example", job_title: "Boss" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 300, errors: [{ field: HEARD }] });
  });
});
