import { zoomEvents } from "@hzw/fakes";
import { allEventsSettled, eventually, startWebhookWorld, type WebhookWorld } from "./harness";

/** Bursts, redeliveries racing each other, Zoom failing for a while, webinars changing. */
describe("Zoom webhooks under pressure", () => {
  let w: WebhookWorld;
  beforeAll(async () => (w = await startWebhookWorld({ workers: true })));
  afterAll(async () => w?.close());

  const webinarRow = (zoomWebinarId: string) =>
    w.db.prisma.webinar.findUnique({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId } } });

  it("when a burst of joins arrives at once, some of them twice, then each join is recorded and applied exactly once", async () => {
    const webinar = w.webinar();
    const instance = w.activity.start(webinar, { start_time: "2026-11-27T10:00:00Z" });
    const events = Array.from({ length: 60 }, (_, i) =>
      zoomEvents.participantJoined(webinar, instance, { user_id: String(5000 + i), name: `P${i}`, user_email: `p${i}@example.org`, join_time: "2026-11-27T10:05:00Z" }),
    );
    const deliveries = [...events, ...events.slice(0, 20)];
    const answers = await Promise.all(deliveries.map((e) => w.sender.send(e)));
    expect(answers.every((a) => a.status === 204)).toBe(true);
    const recorded = await w.db.prisma.webhookEvent.count({ where: { eventType: "webinar.participant_joined", payload: { path: ["payload", "object", "id"], equals: webinar.id } } });
    expect(recorded).toBe(60);
    await allEventsSettled(w);
    const row = await webinarRow(webinar.id);
    expect(await w.db.prisma.participantEvent.count({ where: { webinarId: row!.id } })).toBe(60);
    expect(await w.db.prisma.webhookEvent.count({ where: { status: "failed" } })).toBe(0);
  });

  it("when Zoom fails while an event is processed, then the event is retried and applied", async () => {
    // GET /users fails on every attempt of the first try (the client retries 4 times itself).
    w.zoom.inject({ method: "GET", path: "/v2/users", status: 503, body: { code: 503, message: "Service unavailable" }, times: 5 });
    const webinar = w.webinar({}, "zu_other");
    await w.db.prisma.zoomUser.deleteMany({ where: { connectionId: w.connectionId } });
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    const row = await eventually(() => webinarRow(webinar.id), "the webinar after a retry", 25_000);
    expect(row.hostEmail).toBe("other-host@zoomco.example");
    const event = await w.db.prisma.webhookEvent.findFirstOrThrow({ where: { eventType: "webinar.created", payload: { path: ["payload", "object", "id"], equals: webinar.id } } });
    expect(event.status).toBe("processed");
    expect(event.attempts).toBe(2);
    expect(w.zoom.callsTo("GET", "/v2/users").length).toBeGreaterThanOrEqual(6);
  }, 40_000);

  it("when a webinar is updated and then deleted, then its details follow and it leaves the list", async () => {
    const webinar = w.webinar({ topic: "Draft" });
    await w.sender.send(zoomEvents.webinarCreated(webinar));
    await eventually(() => webinarRow(webinar.id), "the webinar row");
    await w.sender.send(zoomEvents.webinarUpdated(webinar, { topic: "Final title", start_time: "2026-12-24T15:00:00Z", settings: { alternative_hosts: "Co@Zoomco.example;x@y.example" } }));
    await allEventsSettled(w);
    expect(await webinarRow(webinar.id)).toMatchObject({
      topic: "Final title",
      startTime: new Date("2026-12-24T15:00:00Z"),
      alternativeHosts: ["co@zoomco.example", "x@y.example"],
      hostEmail: "host@zoomco.example",
    });
    const listed = async () => (await (await w.browser.fetch(`${w.app.url}/api/webinars`)).json()) as { webinarId: string }[];
    expect((await listed()).some((x) => x.webinarId === webinar.id)).toBe(true);

    await w.sender.send(zoomEvents.webinarDeleted(webinar));
    await allEventsSettled(w);
    expect((await webinarRow(webinar.id))?.deletedAt).toBeInstanceOf(Date);
    expect((await listed()).some((x) => x.webinarId === webinar.id)).toBe(false);
  });

  it("when an event is for a Zoom account no portal has connected, then it is acknowledged and ignored", async () => {
    const webinar = w.webinar();
    const stranger = { ...zoomEvents.webinarCreated(webinar) };
    stranger.payload = { ...stranger.payload, account_id: "acct_nobody" };
    expect((await w.sender.send(stranger)).status).toBe(204);
    await allEventsSettled(w);
    const event = await w.db.prisma.webhookEvent.findFirstOrThrow({ where: { accountId: "acct_nobody" } });
    expect(event.status).toBe("ignored");
    expect(await webinarRow(webinar.id)).toBeNull();
  });
});
