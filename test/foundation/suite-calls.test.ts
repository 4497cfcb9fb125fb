import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CALL_LOG_ENV, flushFakeCalls, parseCallLog, recordFakeCall } from "@hzw/fakes";
import { offendingCalls, readCallLog } from "../helpers/suite-calls";

/** The suite-wide checks of the calls to the fakes (test/helpers/suite-calls.ts). */
describe("suite-wide call checks", () => {
  const hubspot = (method: string, p: string) => ({ fake: "FakeHubSpot", method, path: p });
  const zoom = (method: string, p: string) => ({ fake: "FakeZoom", method, path: p });

  it("flags legacy HubSpot paths in every area and passes date-based ones", () => {
    const flagged = offendingCalls([
      hubspot("POST", "/crm/v3/objects/contacts/batch/upsert"),
      hubspot("GET", "/settings/v3/users"),
      hubspot("POST", "/oauth/v1/token"),
      hubspot("POST", "/automation/v4/actions/123"),
      hubspot("GET", "/contacts/v1/lists"),
      hubspot("POST", "/marketing/v3/marketing-events/events/upsert"),
      hubspot("POST", "/crm/objects/2026-09/contacts/batch/upsert"),
      hubspot("GET", "/settings/users/2026-03"),
      hubspot("POST", "/oauth/2026-09/token"),
      hubspot("POST", "/marketing/marketing-events/2026-09/events/42/complete"),
      hubspot("POST", "/integrators/timeline/2026-03/events"),
    ]);
    expect(flagged).toEqual([
      expect.stringContaining("POST /crm/v3/objects/contacts/batch/upsert"),
      expect.stringContaining("GET /settings/v3/users"),
      expect.stringContaining("POST /oauth/v1/token"),
      expect.stringContaining("POST /automation/v4/actions/123"),
      expect.stringContaining("GET /contacts/v1/lists"),
      expect.stringContaining("POST /marketing/v3/marketing-events/events/upsert"),
    ]);
  });

  it("flags a Zoom call missing from the scope table and passes listed ones, downloads and OAuth", () => {
    const flagged = offendingCalls([
      zoom("GET", "/v2/webinars/123/registrants"),
      zoom("POST", "/v2/webinars/123/registrants"),
      zoom("GET", "/v2/users/me"),
      zoom("GET", "/rec/download/file-1"),
      zoom("POST", "/oauth/token"),
      zoom("DELETE", "/v2/webinars/123"),
      zoom("GET", "/v2/webinars/123/polls"),
      zoom("GET", "/v2/webinars/123/registrants"),
    ]);
    expect(flagged).toEqual([
      "FakeZoom DELETE /v2/webinars/123: Zoom endpoint missing from src/zoom/scopes.ts",
      "FakeZoom GET /v2/webinars/123/polls: Zoom endpoint missing from src/zoom/scopes.ts",
    ]);
  });

  it("counts repeats of one offending call once", () => {
    const call = hubspot("GET", "/crm/v3/properties/contacts/zoom_webinar_joinlink");
    expect(offendingCalls([call, call, call])).toEqual([expect.stringMatching(/\(3×\)$/)]);
  });

  it("records calls as lines of a per-process file and reads them back", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hzw-calls-test-"));
    const before = process.env[CALL_LOG_ENV];
    process.env[CALL_LOG_ENV] = dir;
    try {
      flushFakeCalls();
      recordFakeCall("FakeHubSpot", "GET", "/settings/users/2026-03");
      recordFakeCall("FakeZoom", "GET", "/v2/users/me");
      flushFakeCalls();
      expect(readdirSync(dir)).toEqual([`calls-${process.pid}.log`]);
      expect(readCallLog(dir)).toEqual([
        { fake: "FakeHubSpot", method: "GET", path: "/settings/users/2026-03" },
        { fake: "FakeZoom", method: "GET", path: "/v2/users/me" },
      ]);
    } finally {
      process.env[CALL_LOG_ENV] = before;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(parseCallLog("FakeZoom\tPOST\t/oauth/token\n")).toEqual([{ fake: "FakeZoom", method: "POST", path: "/oauth/token" }]);
  });
});
