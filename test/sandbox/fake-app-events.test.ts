import { APP_EVENT_TYPE_NAME, APP_EVENT_TYPES } from "../../src/hubspot/app-event-types";
import { FakeHubSpot, createContact, crmOf } from "@hzw/fakes";

/** The fake HubSpot's app events refuse what HubSpot refuses, so the app cannot rely on leniency. */
describe("fake HubSpot: app events (POST /integrators/timeline/2026-03/events[/batch])", () => {
  const APP_ID = "777";
  const PORTAL = 31337;
  const TOKEN = "fake-app-events-token";
  let hubspot: FakeHubSpot;
  let contactId: string;
  const registration = APP_EVENT_TYPE_NAME(APP_ID, "registration");
  const stored = () => [...crmOf(hubspot.portal(PORTAL)).appEvents.values()];

  beforeAll(async () => {
    hubspot = new FakeHubSpot();
    await hubspot.start();
    hubspot.addPortal(PORTAL);
    hubspot.accessTokens.set(TOKEN, { hubId: PORTAL, expiresAt: Date.now() + 3_600_000 });
    hubspot.defineAppEventTypes(APP_ID, Object.values(APP_EVENT_TYPES));
    contactId = createContact(crmOf(hubspot.portal(PORTAL)), { email: "ada@example.org" }).id;
  });
  afterAll(async () => hubspot?.stop());

  const post = async (path: string, body: unknown, token: string | null = TOKEN) => {
    const res = await fetch(`${hubspot.url}/integrators/timeline/2026-03/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const occurrence = (id: string, extra: Record<string, unknown> = {}) => ({
    eventTypeName: registration,
    id,
    email: "ada@example.org",
    timestamp: "2026-11-20T15:00:00.000Z",
    properties: { webinar_id: "81234567890", webinar_topic: "Launch" },
    ...extra,
  });

  it("when an occurrence is valid, then it is stored on the contact once, and its id again is a 409 in HubSpot's error shape", async () => {
    const created = await post("events", occurrence("occ-1"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "occ-1", eventTypeName: registration, objectId: contactId });
    const again = await post("events", occurrence("occ-1", { properties: { webinar_id: "other" } }));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ category: "CONFLICT", message: expect.any(String), correlationId: expect.any(String) });
    expect(stored().filter((o) => o.id === "occ-1")).toEqual([expect.objectContaining({ properties: { webinar_id: "81234567890", webinar_topic: "Launch" } })]);
  });

  it.each([
    ["a property the type does not declare", occurrence("bad-1", { properties: { webinar_id: "1", attended_minutes: "5" } }), /attended_minutes/],
    ["an unknown event type", occurrence("bad-2", { eventTypeName: `ae${APP_ID}_no_such_type` }), /Unknown event type/],
    ["no id", occurrence("", { id: undefined }), /id is required/],
    ["neither objectId nor email", occurrence("bad-4", { email: undefined }), /objectId or email/],
    ["a property that is not a string", occurrence("bad-5", { properties: { webinar_id: 81234567890 } }), /must be a string/],
  ])("when an occurrence has %s, then it is refused with 400 and nothing is stored", async (_what, body, message) => {
    const before = stored().length;
    const res = await post("events", body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ category: "VALIDATION_ERROR", message: expect.stringMatching(message) });
    expect(stored()).toHaveLength(before);
  });

  it("when the call has no valid token, then 401", async () => {
    expect((await post("events", occurrence("occ-anon"), null)).status).toBe(401);
    expect(stored().some((o) => o.id === "occ-anon")).toBe(false);
  });

  it("when a batch holds an id that exists or an invalid occurrence, then the whole batch is refused; a valid batch is stored whole", async () => {
    const before = stored().length;
    const conflict = await post("events/batch", { inputs: [occurrence("b-1"), occurrence("occ-1"), occurrence("b-2")] });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ category: "CONFLICT" });
    const invalid = await post("events/batch", { inputs: [occurrence("b-1"), occurrence("b-2", { properties: { join_link: "x" } })] });
    expect(invalid.status).toBe(400);
    const twice = await post("events/batch", { inputs: [occurrence("b-1"), occurrence("b-1")] });
    expect(twice.status).toBe(409);
    expect(stored()).toHaveLength(before);

    const ok = await post("events/batch", { inputs: [occurrence("b-1"), occurrence("b-2", { email: undefined, objectId: contactId })] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "COMPLETE", results: [expect.objectContaining({ id: "b-1" }), expect.objectContaining({ id: "b-2" })] });
    expect(stored()).toHaveLength(before + 2);
  });
});
