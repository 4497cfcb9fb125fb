import { answerProperties, keptValuesWanted, settleKeptValues } from "../../src/sync/answers";
import type { Facts, RegistrationFact } from "../../src/sync/facts";
import { answersOf, registrationBodyOf } from "../../src/zoom/registration-answers";
import { answersFor } from "../../src/workflow-action/questions";

/** The pure rules of registration answers: reading Zoom's registrant, choosing the value per property, the action's answers. */
describe("registration answers (pure rules)", () => {
  it.each([
    ["standard fields and custom questions", { job_title: " CTO ", org: "Acme", custom_questions: [{ title: "Why?", value: "Curious" }] }, { job_title: "CTO", org: "Acme", "Why?": "Curious" }],
    ["empty values and the name fields left out", { first_name: "Ann", last_name: "A", email: "a@x.example", phone: "", custom_questions: [{ title: "Why?", value: " " }] }, {}],
    ["odd shapes ignored", { custom_questions: [null, { title: 3, value: "x" }, "no"], country: 7 }, {}],
  ])("answersOf: %s", (_what, registrant, expected) => {
    expect(answersOf(registrant as Record<string, unknown>)).toEqual(expected);
  });

  it("registrationBodyOf puts standard answers by field_name and custom ones in custom_questions", () => {
    expect(registrationBodyOf({ job_title: "CTO", "Why?": "Curious" })).toEqual({ job_title: "CTO", custom_questions: [{ title: "Why?", value: "Curious" }] });
    expect(registrationBodyOf({})).toEqual({});
  });

  const reg = (webinarId: string, day: number, answers: Record<string, string>): RegistrationFact => ({
    webinarId, status: "approved", joinUrl: null, registeredAt: new Date(Date.UTC(2026, 10, day)), cancelledAt: null,
    updatedAt: new Date(Date.UTC(2026, 10, day)), firstName: "", lastName: "", answers,
  });
  const facts = (list: RegistrationFact[]): Facts => ({ registrations: new Map([["p@x.example", list]]), attendance: new Map(), withoutEmail: new Map(), webinarsWithEvents: new Set() });

  it("answerProperties: the latest registration that answered a question mapped to the property wins; unsynced webinars and the app's own properties do not count", () => {
    const mappings = new Map([
      ["w1", [{ question: "job_title", property: "jobtitle", overwrite: true }, { question: "Why?", property: "company", overwrite: false }]],
      ["w2", [{ question: "Role", property: "jobtitle", overwrite: false }, { question: "job_title", property: "email", overwrite: true }]],
      ["w3", [{ question: "job_title", property: "jobtitle", overwrite: true }]],
    ]);
    const f = facts([reg("w1", 1, { job_title: "Dev", "Why?": "Search" }), reg("w2", 5, { Role: "Lead", job_title: "x" }), reg("w3", 9, { job_title: "Unsynced" })]);
    expect(answerProperties("p@x.example", f, mappings, new Set(["w1", "w2"]))).toEqual({ set: {}, keepIfSet: { company: "Search", jobtitle: "Lead" } });
    expect(answerProperties("p@x.example", f, mappings, new Set(["w1"]))).toEqual({ set: { jobtitle: "Dev" }, keepIfSet: { company: "Search" } });
  });

  it("settleKeptValues writes a kept value only where HubSpot holds none", () => {
    const writes: { email: string; properties: Record<string, string>; keepIfSet?: Record<string, string>; fingerprint: string }[] = [
      { email: "a@x.example", properties: { email: "a@x.example" }, keepIfSet: { company: "Z", jobtitle: "Dev" }, fingerprint: "f" },
      { email: "b@x.example", properties: { email: "b@x.example" }, keepIfSet: { company: "Y" }, fingerprint: "g" },
      { email: "c@x.example", properties: { email: "c@x.example" }, fingerprint: "h" },
    ];
    expect(keptValuesWanted(writes)).toEqual({ emails: new Set(["a@x.example", "b@x.example"]), properties: ["company", "jobtitle"] });
    const current = new Map([["a@x.example", { email: "a@x.example", company: "Acme", jobtitle: null }]]);
    expect(settleKeptValues(writes, current).map((w) => w.properties)).toEqual([
      { email: "a@x.example", jobtitle: "Dev" },
      { email: "b@x.example", company: "Y" },
      { email: "c@x.example" },
    ]);
  });

  it("answersFor: mapped answers, the contact's last name for last_name, and the first required question unanswered named", () => {
    const form = {
      questions: [{ field_name: "last_name", required: true }, { field_name: "org", required: false }],
      custom_questions: [{ title: "Why?", required: true, answers: [] }],
    };
    const person = { email: "p@x.example", firstName: "P", lastName: "Q" };
    const mappings = [{ question: "org", property: "company", overwrite: false }, { question: "Why?", property: "why", overwrite: false }];
    expect(answersFor(form, mappings, { company: "Acme", why: "Because" }, person)).toEqual({ answers: { org: "Acme", "Why?": "Because" } });
    expect(answersFor(form, mappings, { company: "Acme", why: "" }, person)).toEqual({
      refused: expect.objectContaining({ error_code: "REQUIRED_QUESTION_UNANSWERED", error_message: expect.stringContaining('"Why?"') }),
    });
    expect(answersFor(form, [], {}, { ...person, lastName: "" })).toEqual({
      refused: expect.objectContaining({ error_message: expect.stringContaining('"last_name" is unanswered: it is not mapped') }),
    });
  });
});
