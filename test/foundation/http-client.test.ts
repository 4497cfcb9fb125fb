import http from "node:http";
import type { AddressInfo } from "node:net";
import { HttpError, httpRequest, NetworkError } from "../../src/lib/http-client";

/** The HTTP client under the HubSpot and Zoom clients, against a real local server. */
describe("httpRequest", () => {
  let server: http.Server;
  let base: string;
  let handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => (seen.length = 0));

  it("when a JSON call succeeds, then the body is sent as JSON with the query, and the JSON answer is parsed", async () => {
    handler = (_req, res) => res.writeHead(201, { "content-type": "application/json; charset=utf-8", "x-extra": "1" }).end('{"ok":true,"name":"Zoë"}');
    const res = await httpRequest<{ ok: boolean; name: string }>({ method: "POST", url: `${base}/things`, query: { a: 1, b: undefined }, json: { x: "é" } });
    expect(res).toMatchObject({ status: 201, body: { ok: true, name: "Zoë" } });
    expect(res.headers.get("x-extra")).toBe("1");
    expect(seen[0]).toMatchObject({ method: "POST", url: "/things?a=1", body: '{"x":"é"}' });
    expect(seen[0]!.headers).toMatchObject({ "content-type": "application/json", accept: "application/json", "content-length": String(Buffer.byteLength('{"x":"é"}')) });
  });

  it("when a form is sent, then it is url-encoded", async () => {
    handler = (_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("fine");
    const res = await httpRequest({ method: "POST", url: `${base}/token`, form: { grant_type: "refresh_token", refresh_token: "a b&c" } });
    expect(res.body).toBe("fine");
    expect(seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen[0]!.body).toBe("grant_type=refresh_token&refresh_token=a+b%26c");
  });

  it("when the server answers 4xx, then an HttpError carries the status and body, without a retry", async () => {
    handler = (_req, res) => res.writeHead(404, { "content-type": "application/json" }).end('{"code":3001}');
    const err = await httpRequest({ url: `${base}/missing` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 404, body: { code: 3001 } });
    expect(seen).toHaveLength(1);
  });

  it("when the server is too slow, then the attempt times out as a NetworkError", async () => {
    handler = (_req, res) => setTimeout(() => res.end("late"), 1000);
    const err = await httpRequest({ url: `${base}/slow` }, { timeoutMs: 100, retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toBe(`GET ${base}/slow failed: timed out after 100 ms`);
  });

  it("when only the first attempt is too slow, then the retry answers", async () => {
    let calls = 0;
    handler = (_req, res) => (++calls === 1 ? setTimeout(() => res.end("late"), 1000) : res.end("quick"));
    const res = await httpRequest({ url: `${base}/slow` }, { timeoutMs: 200, retries: 1, baseDelayMs: 1 });
    expect(res.body).toBe("quick");
    expect(seen).toHaveLength(2);
  });

  it("when the connection is cut in the middle of the answer, then it is a NetworkError, not a short body", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const err = await httpRequest({ url: `${base}/cut` }, { retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/GET .*\/cut failed/);
  });

  it("when nothing listens, then it is a NetworkError naming the call without its query", async () => {
    const err = await httpRequest({ url: "http://127.0.0.1:9/x", query: { token: "secret" } }, { retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/x failed: /);
    expect((err as Error).message).not.toContain("secret");
  });
});
