import { Browser } from "../helpers/browser";
import { freshPortal, install, PORTAL_ID } from "../helpers/world";
import { startPrivacyWorld, type PrivacyWorld } from "../privacy/harness";
import { apiOf, webinarWithQuestions } from "./harness";

/**
 * The registration questions API (CONTRACT.md §11): a webinar's questions from Zoom's
 * registration questions API with their mappings, the mappings saved per webinar and as a
 * Zoom user's defaults, checked against the webinar's questions and the portal's contact
 * properties (HubSpot's properties API), and another portal's webinar not found.
 */
describe("registration questions API", () => {
  let w: PrivacyWorld;
  let api: ReturnType<typeof apiOf>;
  beforeAll(async () => {
    w = await startPrivacyWorld();
    api = apiOf(w, w.browser, w.csrfToken);
  });
  afterAll(async () => w?.close());

  it("when a webinar has standard and custom questions, then GET lists them with their kind, required and no mapping", async () => {
    const { webinar } = await webinarWithQuestions(w);
    const res = await api(`/webinars/${webinar.id}/questions`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { question: "job_title", kind: "standard", required: true, mapping: null },
      { question: "org", kind: "standard", required: false, mapping: null },
      { question: "country", kind: "standard", required: false, mapping: null },
      expect.objectContaining({ question: "How did you hear about us?", kind: "custom", required: true, mapping: null }),
      expect.objectContaining({ question: "Anything to add?", kind: "custom", required: false, mapping: null }),
    ]);
    expect(w.zoom.calls.some((c) => c.method === "GET" && c.path === `/v2/webinars/${webinar.id}/registrants/questions`)).toBe(true);
  });

  it("when mappings are put, then they replace the set and are read back", async () => {
    const { webinar, row } = await webinarWithQuestions(w);
    const first = await api(`/webinars/${webinar.id}/question-mappings`, {
      method: "PUT",
      body: { mappings: [{ question: "org", property: "company", overwrite: false }, { question: "job_title", property: "jobtitle", overwrite: true }] },
    });
    expect(first.status).toBe(200);
    const put = await api(`/webinars/${webinar.id}/question-mappings`, {
      method: "PUT",
      body: { mappings: [{ question: "job_title", property: "jobtitle", overwrite: true }, { question: "How did you hear about us?", property: "company" }] },
    });
    expect(put.status).toBe(200);
    const got = (await api(`/webinars/${webinar.id}/questions`)).body as { question: string; mapping: unknown }[];
    expect(Object.fromEntries(got.map((q) => [q.question, q.mapping]))).toEqual({
      job_title: { property: "jobtitle", overwrite: true },
      org: null,
      country: null,
      "How did you hear about us?": { property: "company", overwrite: false },
      "Anything to add?": null,
    });
    expect(put.body).toEqual(got);
    const rows = await w.db.prisma.webinarQuestionMapping.findMany({ where: { webinarId: row.id }, orderBy: { question: "asc" } });
    expect(rows.map((r) => [r.question, r.property, r.overwrite])).toEqual([["How did you hear about us?", "company", false], ["job_title", "jobtitle", true]]);
  });

  it("when a mapping names an unknown property or a question the webinar does not have, then 400 names each and nothing is saved", async () => {
    const { webinar, row } = await webinarWithQuestions(w);
    await api(`/webinars/${webinar.id}/question-mappings`, { method: "PUT", body: { mappings: [{ question: "org", property: "company", overwrite: false }] } });
    const res = await api(`/webinars/${webinar.id}/question-mappings`, {
      method: "PUT",
      body: { mappings: [
        { question: "job_title", property: "no_such_property", overwrite: false },
        { question: "Favourite colour?", property: "company", overwrite: false },
      ] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [
      { path: "mappings.1.question", message: expect.stringContaining("Favourite colour?") },
      { path: "mappings.0.property", message: expect.stringContaining("no_such_property") },
    ] });
    const bad = await api(`/webinars/${webinar.id}/question-mappings`, { method: "PUT", body: { mappings: [{ question: "org", property: 3, extra: 1 }] } });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(["mappings.0.extra", "mappings.0.property"]);
    const rows = await w.db.prisma.webinarQuestionMapping.findMany({ where: { webinarId: row.id } });
    expect(rows.map((r) => [r.question, r.property])).toEqual([["org", "company"]]);
  });

  it("when the property does not exist and create is true, then it is created as text in the zoom group", async () => {
    const { webinar } = await webinarWithQuestions(w);
    const res = await api(`/webinars/${webinar.id}/question-mappings`, {
      method: "PUT",
      body: { mappings: [{ question: "How did you hear about us?", property: "zoom_heard_about_us", overwrite: true, create: true }] },
    });
    expect(res.status).toBe(200);
    expect(w.hubspot.portal(PORTAL_ID).properties.get("zoom_heard_about_us")).toMatchObject({ groupName: "zoom", type: "string", fieldType: "text" });
  });

  it("when the CSRF token is missing, then the mappings are not saved", async () => {
    const { webinar, row } = await webinarWithQuestions(w);
    const res = await api(`/webinars/${webinar.id}/question-mappings`, { method: "PUT", csrf: null, body: { mappings: [{ question: "org", property: "company" }] } });
    expect(res.status).toBe(403);
    expect(await w.db.prisma.webinarQuestionMapping.count({ where: { webinarId: row.id } })).toBe(0);
  });

  it("when another portal asks for the webinar's questions or puts its mappings, then 404", async () => {
    const { webinar, row } = await webinarWithQuestions(w);
    const other = freshPortal(w);
    const { browser, csrfToken } = await install(w, new Browser(), other);
    const theirs = apiOf(w, browser, csrfToken);
    expect((await theirs(`/webinars/${webinar.id}/questions`)).status).toBe(404);
    expect((await theirs(`/webinars/${row.id}/questions`)).status).toBe(404);
    const put = await theirs(`/webinars/${webinar.id}/question-mappings`, { method: "PUT", body: { mappings: [] } });
    expect(put.status).toBe(404);
    expect((await theirs("/zoom-users/zu_admin/question-mappings", { method: "PUT", body: { mappings: [] } })).status).toBe(404);
  });

  it("when a Zoom user has default mappings, then the user's new webinars get them and their existing ones do not", async () => {
    const { webinar: before } = await webinarWithQuestions(w, {}, "zu_other");
    const put = await api("/zoom-users/zu_other/question-mappings", {
      method: "PUT",
      body: { mappings: [{ question: "job_title", property: "jobtitle", overwrite: true }, { question: "How did you hear about us?", property: "company" }] },
    });
    expect(put).toEqual({ status: 200, body: { mappings: [
      { question: "job_title", property: "jobtitle", overwrite: true },
      { question: "How did you hear about us?", property: "company", overwrite: false },
    ] } });
    expect((await api("/zoom-users/zu_other/question-mappings")).body).toEqual({ mappings: expect.arrayContaining([{ question: "job_title", property: "jobtitle", overwrite: true }]) });
    expect((await api("/zoom-users/zu_other/question-mappings", { method: "PUT", body: { mappings: [{ question: "org", property: "nope" }] } })).status).toBe(400);

    const { webinar: after } = await webinarWithQuestions(w, {}, "zu_other");
    const mapped = (id: string) => api(`/webinars/${id}/questions`).then((r) => Object.fromEntries((r.body as { question: string; mapping: unknown }[]).map((q) => [q.question, q.mapping])));
    expect(await mapped(after.id)).toMatchObject({ job_title: { property: "jobtitle", overwrite: true }, "How did you hear about us?": { property: "company", overwrite: false } });
    expect(await mapped(before.id)).toMatchObject({ job_title: null });
    // The other user's new webinars are not concerned.
    const { webinar: admins } = await webinarWithQuestions(w, {}, "zu_admin");
    expect(await mapped(admins.id)).toMatchObject({ job_title: null });
    // A webinar first seen through a registration gets them too.
    const late = w.webinar({ registration_questions: { questions: [{ field_name: "job_title", required: true }], custom_questions: [] } }, "zu_other");
    await w.register(late, { id: "reg_late", email: "late@q.example", first: "Lee", last: "Late" });
    await w.drain();
    expect(await mapped(late.id)).toEqual({ job_title: { property: "jobtitle", overwrite: true } });
  });
});
