import { startSandboxApp, type SandboxApp } from "../helpers/sandbox";

/** The server the runtime creates does not let a slow client hold a socket for Node's default 300 s. */
describe("the runtime's HTTP server", () => {
  let app: SandboxApp;
  beforeAll(async () => (app = await startSandboxApp()));
  afterAll(async () => app?.stop());

  it("when it listens, then headers must arrive within 20 s, a whole request within 30 s, and idle keep-alive sockets close after 5 s", () => {
    const server = app.runtime.server!;
    expect(server.headersTimeout).toBe(20_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(5_000);
  });
});
