import fs from "node:fs";
import path from "node:path";
import { contactByEmail, crmOf, FakeHubSpot, FakeZoom, webinarActivity } from "@hzw/fakes";
import { restoreSandboxState, saveSandboxState } from "../../src/sandbox/sandbox-state";

/** DATA_DIR/sandbox-state.json: both fakes' states in one document (src/sandbox/sandbox-state.ts). */
describe("the sandbox's saved state", () => {
  it("when the document is saved and restored into new fakes, then both fakes' states come back", () => {
    const hubspot = new FakeHubSpot();
    const zoom = new FakeZoom();
    hubspot.addPortal(1000001);
    zoom.addAccount("sandbox-zoom-account", []);
    const [hubspot2, zoom2] = [new FakeHubSpot(), new FakeZoom()];
    restoreSandboxState(saveSandboxState(hubspot, zoom), hubspot2, zoom2);
    expect(hubspot2.state).toEqual(hubspot.state);
    expect(zoom2.state).toEqual(zoom.state);
    expect(() => restoreSandboxState('{"nothing":1}', hubspot2, zoom2)).toThrow("not a sandbox state");
  });

  it("when the document was written before the fakes kept one state each, then its portal, CRM records, tokens, webinars and activity are restored", () => {
    const json = fs.readFileSync(path.join(__dirname, "fixtures", "sandbox-state-first-format.json"), "utf8");
    const hubspot = new FakeHubSpot();
    const zoom = new FakeZoom();
    restoreSandboxState(json, hubspot, zoom);

    const crm = crmOf(hubspot.portal(1000001));
    expect(contactByEmail(crm, "ada@example.com")?.properties.firstname).toBe("Ada");
    expect(crm.events.get("zoom/81")?.properties.eventName).toBe("Launch");
    expect([...crm.attendance.get("zoom/81")!.keys()]).toEqual(["1001:register"]);
    expect(hubspot.refreshTokens.get("hs-refresh-1")).toBe(1000001);

    expect(zoom.account("sandbox-zoom-account").users[0]?.email).toBe("host@sandbox-zoom.test");
    expect(zoom.refreshTokens.get("zoom-refresh-1")).toEqual({ accountId: "sandbox-zoom-account", userId: "sbx-host-1" });
    expect(zoom.webinars.get("86000000001")?.status).toBe("ended");
    const activity = webinarActivity(zoom);
    expect(activity.find("86000000001")?.participants.map((p) => p.user_email)).toEqual(["ada@example.com"]);
    expect(activity.recordings.get("inst-1==")?.recording_files).toHaveLength(2);
    expect(activity.files.size).toBe(2);
  });
});
