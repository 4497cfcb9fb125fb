import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { ConfigError, loadConfig } from "../../src/config";

const run = promisify(execFile);
const KEY = Buffer.alloc(32, 7).toString("base64");
const FULL = {
  SESSION_SECRET: "s".repeat(40),
  TOKEN_ENCRYPTION_KEY: KEY,
  HUBSPOT_CLIENT_ID: "hs-client",
  HUBSPOT_CLIENT_SECRET: "hs-secret-value",
  HUBSPOT_APP_ID: "123",
  ZOOM_CLIENT_ID: "zoom-client",
  ZOOM_CLIENT_SECRET: "zoom-secret-value",
  ZOOM_WEBHOOK_SECRET_TOKEN: "zoom-webhook-secret",
};

describe("configuration", () => {
  it("when nothing is set, then it runs in sandbox mode on the embedded database with the contract's defaults", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.appBaseUrl).toBe("http://localhost:3000");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.mode).toBe("sandbox");
    expect(config.host).toBe("127.0.0.1");
    expect(config.hubspot.apiBaseUrl).toBe("https://api.hubapi.com");
    expect(config.hubspot.authorizeUrl).toBe("https://app.hubspot.com/oauth/authorize");
    expect(config.zoom.oauthBaseUrl).toBe("https://zoom.us");
    expect(config.zoom.apiBaseUrl).toBe("https://api.zoom.us/v2");
    expect(config.logLevel).toBe("info");
  });

  it("when PORT is set without APP_BASE_URL, then the base URL follows the port", () => {
    expect(loadConfig({ PORT: "4100" }).appBaseUrl).toBe("http://localhost:4100");
  });

  it("when every credential is set, then sandbox mode is off and the key is decoded", () => {
    const config = loadConfig({ ...FULL, APP_BASE_URL: "https://zoom.example.com/" });
    if (config.mode !== "live") throw new Error(`expected live mode, got ${config.mode}`);
    expect(config.appBaseUrl).toBe("https://zoom.example.com");
    expect(config.host).toBeUndefined();
    // Live mode types every credential as a string: no `?? ""` or `!` where they are used.
    const credentials: string[] = [
      config.hubspot.clientId,
      config.hubspot.clientSecret,
      config.hubspot.appId,
      config.zoom.clientId,
      config.zoom.clientSecret,
      config.zoom.webhookSecretToken,
      config.sessionSecret,
    ];
    expect(credentials).toEqual(["hs-client", "hs-secret-value", "123", "zoom-client", "zoom-secret-value", "zoom-webhook-secret", FULL.SESSION_SECRET]);
    expect(config.tokenEncryptionKey.length).toBe(32);
  });

  it.each(Object.keys(FULL))("when live credentials lack %s, then the configuration is refused naming it alone", (missing) => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ ...FULL, [missing]: "" });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([{ variable: missing, message: expect.stringMatching(/^is required (when HubSpot\/Zoom credentials are set|outside sandbox mode)$/) }]);
    expect(error!.message).toContain(missing);
  });

  it("when several values are bad, then one error names every offending variable and none of the values", () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        ...FULL,
        PORT: "eighty",
        TOKEN_ENCRYPTION_KEY: "too-short-secret",
        DATABASE_URL: "mysql://nope",
        HUBSPOT_APP_ID: undefined,
        LOG_LEVEL: "chatty",
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.variable).sort()).toEqual(
      ["DATABASE_URL", "HUBSPOT_APP_ID", "LOG_LEVEL", "PORT", "TOKEN_ENCRYPTION_KEY"].sort(),
    );
    expect(error!.message).not.toContain("too-short-secret");
    expect(error!.message).not.toContain("hs-secret-value");
  });

  it("when credentials are set without the secrets, then SESSION_SECRET and TOKEN_ENCRYPTION_KEY are required", () => {
    expect(() => loadConfig({ ...FULL, SESSION_SECRET: "", TOKEN_ENCRYPTION_KEY: undefined })).toThrow(
      /SESSION_SECRET.*TOKEN_ENCRYPTION_KEY|TOKEN_ENCRYPTION_KEY.*SESSION_SECRET/,
    );
  });

  it("when the process starts with a bad configuration, then it exits 1 with one message and prints no secret", async () => {
    const tsx = path.resolve("node_modules/.bin/tsx");
    const result = await run(tsx, ["src/main.ts"], {
      env: { PATH: process.env.PATH, ...FULL, ZOOM_CLIENT_ID: "", PORT: "-1", SESSION_SECRET: "short-secret-value" },
    }).then(
      () => ({ code: 0, stderr: "", stdout: "" }),
      (err: unknown) => err as { code: number; stderr: string; stdout: string },
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expect(lines[0]).toMatch(/ZOOM_CLIENT_ID/);
    expect(lines[0]).toMatch(/SESSION_SECRET/);
    expect(result.stderr + result.stdout).not.toMatch(/short-secret-value|hs-secret-value|zoom-secret-value/);
  });
});
