import { FakeZoom, DEFAULT_CALL_LIMIT } from "@hzw/fakes";

/** The fakes keep the newest calls only, so a long-running sandbox does not grow forever. */
describe("the fakes' call log", () => {
  let zoom: FakeZoom;
  beforeAll(async () => {
    zoom = new FakeZoom();
    await zoom.start();
  });
  afterAll(async () => zoom?.stop());

  it("when more calls arrive than the cap, then the oldest are dropped, the newest kept in order, and every call counted", async () => {
    expect(zoom.callLimit).toBe(DEFAULT_CALL_LIMIT);
    zoom.callLimit = 5;
    // An endpoint the app calls (the suite checks every call against CONTRACT.md §4).
    for (let i = 0; i < 12; i++) await (await fetch(`${zoom.url}/v2/users/me?n=${i}`)).arrayBuffer();
    expect(zoom.calls.map((c) => c.query.n)).toEqual(["7", "8", "9", "10", "11"]);
    expect(zoom.callCount).toBe(12);
    expect(zoom.callsTo("GET", "/v2/users/me")).toHaveLength(5);
    // The cap and the log are traffic bookkeeping, not simulated data: a saved state holds neither.
    expect(JSON.parse(zoom.saveState())).not.toHaveProperty("calls");
    expect(JSON.parse(zoom.saveState())).not.toHaveProperty("callLimit");
  });
});
