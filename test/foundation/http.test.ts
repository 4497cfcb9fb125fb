import request from "supertest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startTestApp, type TestApp } from "../helpers/app";

describe("HTTP basics", () => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });
  afterEach(async () => {
    // Whatever a test sent, the process keeps serving.
    await request(app.url).get("/healthz").expect(200, { status: "ok" });
  });

  it("when the database answers, then /healthz is 200 ok with a request id and helmet's headers", async () => {
    const res = await request(app.url).get("/healthz").expect(200);
    expect(res.body).toEqual({ status: "ok" });
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("when a browser asks for the icon, then the SVG answers 200 at the path pages link and at /favicon.ico", async () => {
    const page = await request(app.url).get("/").expect(200);
    expect(page.text).toContain('<link rel="icon" href="/public/favicon.svg" type="image/svg+xml">');
    for (const path of ["/public/favicon.svg", "/favicon.ico"]) {
      const icon = await request(app.url).get(path).buffer(true).expect(200);
      expect(icon.headers["content-type"]).toMatch(/^image\/svg\+xml/);
      expect(String(icon.body)).toMatch(/^<svg /);
    }
  });

  it("when the caller sends a request id, then it is echoed and stamped on the log line", async () => {
    await request(app.url).get("/no-such-page").set("x-request-id", "trace-abc-123").expect(404);
    const line = app.logs.lines.find((l) => l.requestId === "trace-abc-123");
    expect(line).toBeDefined();
  });

  it("when a JSON body is malformed, then 400 with a JSON error", async () => {
    const res = await request(app.url)
      .post("/api/anything")
      .set("content-type", "application/json")
      .send('{"webinarId": ')
      .expect(400);
    expect(res.body.error).toMatchObject({ code: "MALFORMED_JSON", message: expect.stringMatching(/not valid JSON/) });
  });

  it("when a body is over 1 MB, then 413", async () => {
    const big = JSON.stringify({ blob: "x".repeat(1024 * 1024) });
    const res = await request(app.url).post("/webhooks/zoom").set("content-type", "application/json").send(big).expect(413);
    expect(res.body.error.code).toBe("BODY_TOO_LARGE");
  });

  it("when a JSON path gets another content type, then 415", async () => {
    const res = await request(app.url).post("/api/settings").set("content-type", "text/plain").send("hello").expect(415);
    expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("when the route is unknown, then 404: JSON on API paths, an HTML page elsewhere", async () => {
    const api = await request(app.url).get("/webhooks/nothing-here").expect(404);
    expect(api.body.error).toMatchObject({ code: "NOT_FOUND" });
    // Under /api the session is checked first: signed out is 401 whatever the route.
    const signedOut = await request(app.url).get("/api/nothing-here").expect(401);
    expect(signedOut.body.error.code).toBe("NOT_SIGNED_IN");
    const page = await request(app.url).get("/nothing-here").set("accept", "text/html").expect(404);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.text).toContain("Page not found");
  });

  it("when a request carries secrets in headers, then the log redacts them", async () => {
    await request(app.url)
      .get("/nowhere?code=oauth-code-123&state=st4te")
      .set("authorization", "Bearer very-secret-token")
      .set("cookie", "sid=cookie-secret")
      .expect(404);
    const text = app.logs.text();
    expect(text).toContain("/nowhere");
    expect(text).not.toMatch(/very-secret-token|cookie-secret|oauth-code-123|st4te/);
  });
});

describe("HTTP when the database is gone", () => {
  it("when the database cannot be reached, then /healthz is 503", async () => {
    const db = await createTestDatabase();
    const app = await startTestApp(db);
    try {
      await db.destroy();
      const res = await request(app.url).get("/healthz").expect(503);
      expect(res.body).toEqual({ status: "unavailable" });
    } finally {
      await app.close();
    }
  });
});
