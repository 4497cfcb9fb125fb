import { addFakeWebinar } from "@hzw/fakes";
import { Browser } from "../helpers/browser";
import { install, PORTAL_ID, ZOOM_ACCOUNT } from "../helpers/world";
import { callSigned, OPTIONS, startActionWorld, type ActionWorld } from "./harness";

describe("workflow action: the webinar dropdown (optionsUrl)", () => {
  let world: ActionWorld;
  const admin = { id: "zu_admin", email: "host@zoomco.example" };
  const other = { id: "zu_other", email: "other-host@zoomco.example" };
  beforeAll(async () => {
    world = await startActionWorld();
    addFakeWebinar(world.zoom, ZOOM_ACCOUNT, other, { id: "81100000002", topic: "Roadmap 2027", start_time: "2027-03-01T15:00:00Z", timezone: "Europe/Paris", duration: 45 });
    addFakeWebinar(world.zoom, ZOOM_ACCOUNT, admin, { id: "81100000001", topic: "Onboarding clinic", start_time: "2027-02-10T09:30:00Z", timezone: "UTC", duration: 60 });
    addFakeWebinar(world.zoom, ZOOM_ACCOUNT, admin, { id: "81100000003", topic: "Last year's kickoff", start_time: "2026-01-10T09:00:00Z" });
    addFakeWebinar(world.zoom, "acct_someone_else", { id: "zu_x", email: "x@else.example" }, { id: "81100000004", topic: "Not ours", start_time: "2027-01-01T09:00:00Z" });
  });
  afterAll(async () => world?.close());

  const fetchOptions = (fetch: { q?: string; after?: string } = {}, portalId = PORTAL_ID) =>
    callSigned(world, OPTIONS, { origin: { portalId }, inputFieldName: "webinarId", inputFields: {}, fetchOptions: fetch });

  it("when HubSpot asks for options, then it gets the connected account's upcoming webinars, soonest first, labelled Topic — date (id)", async () => {
    const res = await fetchOptions();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      options: [
        { label: "Onboarding clinic — 2027-02-10 09:30 UTC (81100000001)", value: "81100000001", description: "60 minutes" },
        { label: "Roadmap 2027 — 2027-03-01 16:00 Europe/Paris (81100000002)", value: "81100000002", description: "45 minutes" },
      ],
      searchable: true,
    });
    // Every user of the account was asked: the account is connected, not only its admin.
    expect(world.zoom.callsTo("GET", "/v2/users")).not.toHaveLength(0);
    expect(world.zoom.callsTo("GET", "/v2/users/zu_admin/webinars")).not.toHaveLength(0);
    expect(world.zoom.callsTo("GET", "/v2/users/zu_other/webinars")).not.toHaveLength(0);
  });

  it("when the marketer types, then options are filtered by topic or by id", async () => {
    expect((await fetchOptions({ q: "roadMAP" })).json.options.map((o: { value: string }) => o.value)).toEqual(["81100000002"]);
    expect((await fetchOptions({ q: "811 0000-0001" })).json.options.map((o: { value: string }) => o.value)).toEqual(["81100000001"]);
    expect((await fetchOptions({ q: "nothing like it" })).json).toEqual({ options: [], searchable: true });
  });

  it("when there are more webinars than a page, then `after` pages through them", async () => {
    for (let i = 0; i < 55; i++) {
      addFakeWebinar(world.zoom, ZOOM_ACCOUNT, other, { topic: `Bulk session ${i}`, start_time: new Date(Date.UTC(2027, 5, 1, 0, i)).toISOString() });
    }
    const first = await fetchOptions({ q: "bulk" });
    expect(first.json.options).toHaveLength(50);
    expect(typeof first.json.after).toBe("string");
    const second = await fetchOptions({ q: "bulk", after: first.json.after });
    expect(second.json.options).toHaveLength(5);
    expect(second.json.after).toBeUndefined();
    const all = [...first.json.options, ...second.json.options].map((o: { label: string }) => o.label);
    expect(new Set(all).size).toBe(55);
  });

  it("when the portal has no Zoom connection, then there are no options; unsigned calls are 401", async () => {
    world.hubspot.addPortal(777002, 7772);
    await install(world, new Browser(), 777002);
    expect((await fetchOptions({}, 777002)).json).toEqual({ options: [], searchable: true });
    const unsigned = await fetch(world.app.url + OPTIONS, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unsigned.status).toBe(401);
  });
});
