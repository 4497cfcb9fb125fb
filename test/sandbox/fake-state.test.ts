import fs from "node:fs";
import path from "node:path";
import { addFakeContact, addFakeWebinar, createContact, crmOf, eventKey, FakeHubSpot, FakeZoom, webinarActivity, type FakeServer } from "@hzw/fakes";
import { APP_EVENT_TYPE_NAME } from "../../src/hubspot/app-event-types";

/**
 * Each fake keeps everything it simulates in one state object (`fake.state`): saving is
 * the JSON of that object, loading replaces it. Sandbox mode relies on it to survive a
 * restart (test/sandbox/sandbox-mode.test.ts).
 */

/** Stores (Maps, arrays) of an object that hold nothing. */
const emptyStores = (state: object) =>
  Object.entries(state)
    .filter(([, v]) => (v instanceof Map && v.size === 0) || (Array.isArray(v) && v.length === 0))
    .map(([k]) => k);

/** Runs the authorization-code grant of a fake (its consent skipped), as the app does. */
async function authorize(fake: FakeHubSpot | FakeZoom, tokenPath: string, clientAuth: "body" | "basic") {
  const redirectUri = "http://127.0.0.1:1/callback";
  fake.redirectUris = [redirectUri];
  const query = new URLSearchParams({ response_type: "code", client_id: fake.clientId, redirect_uri: redirectUri, scope: "crm.objects.contacts.write" });
  const code = new URL((await fetch(`${fake.url}/oauth/authorize?${query}`, { redirect: "manual" })).headers.get("location")!).searchParams.get("code")!;
  const client: Record<string, string> = clientAuth === "body" ? { client_id: fake.clientId, client_secret: fake.clientSecret } : {};
  const form = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, ...client });
  const basic = `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString("base64")}`;
  const res = await fetch(`${fake.url}${tokenPath}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(clientAuth === "basic" && { authorization: basic }) },
    body: form.toString(),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("the fakes' state", () => {
  const started: FakeServer[] = [];
  const start = async <F extends FakeServer>(fake: F) => {
    started.push(fake);
    await fake.start();
    return fake;
  };
  afterAll(async () => Promise.all(started.map((f) => f.stop())));

  it("when the fake HubSpot's state is saved and loaded into a new fake, then every store comes back equal and in use", async () => {
    const hubspot = await start(new FakeHubSpot());
    const portal = hubspot.addPortal(4711, 11, [{ id: "11", email: "admin@portal.example" }]);
    const token = await authorize(hubspot, "/oauth/2026-09/token", "body");
    portal.propertyGroups.set("zoom", { name: "zoom", label: "Zoom", displayOrder: -1 });
    portal.properties.set("zoom_webinars_attended", { name: "zoom_webinars_attended", groupName: "zoom", type: "number" });
    const crm = crmOf(portal);
    const ada = createContact(crm, { email: "ada@example.org", firstname: "Ada" });
    addFakeContact(hubspot, 4711, { email: "grace@example.org" });
    const key = eventKey("zoom", "81000000001");
    crm.events.set(key, { objectId: "900000", externalAccountId: "zoom", externalEventId: "81000000001", properties: { eventName: "Launch" } });
    const attendance = { contactId: ada.id, email: "ada@example.org", state: "attend" as const, interactionDateTime: 1764500000000, properties: { joinedAt: "1764500000000" } };
    crm.attendance.set(key, new Map([[`${ada.id}:attend`, attendance]]));
    crm.participations.set(key, [{ ...attendance, id: "1", createdAt: "2026-11-30T10:00:00.000Z" }]);
    crm.calls.set("7001", { id: "7001", properties: { hs_call_title: "Launch recording" }, contactIds: [ada.id] });
    crm.transcripts.set("7001", [{ text: "Welcome" }]);
    crm.transcriptRecords.push({ id: "7001001", engagementId: "7001", utterances: [{ text: "Welcome" }] });
    const eventTypeName = APP_EVENT_TYPE_NAME("4242", "attendance");
    crm.appEvents.set(`${eventTypeName}/a1`, { eventTypeName, id: "a1", objectId: ada.id, timestamp: "2026-11-30T10:00:00.000Z", properties: { webinar_id: "81000000001" } });

    // Every store holds something, so the round trip below covers each (a new store must be filled here too).
    expect(emptyStores(hubspot.state)).toEqual([]);
    expect(emptyStores(portal)).toEqual([]);

    const loaded = await start(new FakeHubSpot());
    loaded.loadState(hubspot.saveState());
    expect(loaded.state).toEqual(hubspot.state);
    // The loaded fake answers with it: the token is valid, the contact found by email.
    const res = await fetch(`${loaded.url}/crm/objects/2026-09/contacts/ADA@example.org?idProperty=email&properties=firstname`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: ada.id, properties: { firstname: "Ada" } });
  });

  it("when the fake Zoom's state is saved and loaded into a new fake, then every store comes back equal and in use", async () => {
    const zoom = await start(new FakeZoom());
    zoom.addAccount("acct_state", [{ id: "zu_host", email: "host@zoomco.example", first_name: "Hana", last_name: "Host", type: 2 }]);
    const token = await authorize(zoom, "/oauth/token", "basic");
    const webinar = addFakeWebinar(zoom, "acct_state", { id: "zu_host", email: "host@zoomco.example" }, { start_time: new Date(Date.now() + 86_400_000).toISOString() });
    const added = await fetch(`${zoom.apiBaseUrl}/webinars/${webinar.id}/registrants`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@example.org", first_name: "Ada" }),
    });
    expect(added.status).toBe(201);
    const activity = webinarActivity(zoom);
    const instance = activity.start(webinar);
    activity.join(instance, { user_id: "pu1", name: "Ada", user_email: "ada@example.org" });
    activity.end(instance);
    const recording = activity.record(instance, { transcript: "WEBVTT" });

    expect(emptyStores(zoom.state)).toEqual([]);

    const loaded = await start(new FakeZoom());
    loaded.loadState(zoom.saveState());
    expect(loaded.state).toEqual(zoom.state);
    const me = await fetch(`${loaded.apiBaseUrl}/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ email: "host@zoomco.example", account_id: "acct_state" });
    const transcript = recording.recording_files.find((f) => f.file_type === "TRANSCRIPT")!;
    const download = await fetch(`${loaded.url}/rec/download/${transcript.id}`, { headers: { authorization: `Bearer ${recording.download_token}` } });
    expect(await download.text()).toBe("WEBVTT");
  });

  it("when a state saved before a store existed is loaded, then that store starts empty", () => {
    const zoom = new FakeZoom();
    zoom.loadState(JSON.stringify({ accounts: { __map: [["acct_old", { accountId: "acct_old", users: [] }]] } }));
    expect([...zoom.accounts.keys()]).toEqual(["acct_old"]);
    expect(zoom.webinars.size).toBe(0);
    expect(zoom.state.nextWebinarId).toBe(new FakeZoom().state.nextWebinarId);
    expect(() => zoom.loadState("[]")).toThrow("not a saved fake state");
  });
});

describe("the fakes package (packages/fakes)", () => {
  it("imports nothing of the app: only its own files, Node's modules and its declared dependencies", () => {
    const root = path.resolve("packages/fakes");
    const declared = Object.keys(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies);
    const offending: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(file);
        else if (file.endsWith(".ts")) {
          for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/(?:from|import\(|require\()\s*"([^"]+)"/g)) {
            if (spec === undefined) continue;
            const inside = spec.startsWith(".") ? !path.relative(path.join(root, "src"), path.resolve(dir, spec)).startsWith("..") : spec.startsWith("node:") || declared.includes(spec);
            if (!inside) offending.push(`${path.relative(root, file)}: ${spec}`);
          }
        }
      }
    };
    visit(path.join(root, "src"));
    expect(offending).toEqual([]);
  });
});
