import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { zoomManifest } from "../../src/platform/zoom-manifest";
import { HANDLED_EVENTS, isHandledEvent } from "../../src/zoom/events";
import { ZOOM_DOWNLOAD_SCOPE, ZOOM_ENDPOINTS, ZOOM_SCOPES } from "../../src/zoom/scopes";
import { schemaErrors } from "./schemas";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const BASE = "https://webinars.example.com";

/** The events CONTRACT.md §3 says the app handles. */
const CONTRACT_EVENTS = [
  "webinar.created",
  "webinar.updated",
  "webinar.deleted",
  "webinar.registration_created",
  "webinar.registration_cancelled",
  "webinar.participant_joined",
  "webinar.participant_left",
  "webinar.ended",
  "recording.completed",
  "recording.transcript_completed",
  "app_deauthorized",
];

describe("npm run zoom:manifest: the Zoom General app of the deployment", () => {
  const manifest = zoomManifest(BASE);

  it("is admin-managed and asks, non-optionally, for exactly the scopes of the endpoint table", () => {
    const { oauth_information: oauth } = manifest;
    expect(oauth.usage).toBe("ADMIN_MANAGEMENT");
    expect(oauth.scopes).toEqual(ZOOM_SCOPES.map((scope) => ({ scope, optional: false })));
    const fromTable = new Set([...ZOOM_ENDPOINTS.map((e) => e.scope), ZOOM_DOWNLOAD_SCOPE]);
    expect(new Set(oauth.scopes.map((s) => s.scope))).toEqual(fromTable);
    expect(oauth.scopes).toHaveLength(fromTable.size);
  });

  it("redirects only to our Zoom callback", () => {
    const { oauth_information: oauth } = manifest;
    const callback = `${BASE}/oauth/zoom/callback`;
    expect([oauth.development_redirect_uri, oauth.production_redirect_uri]).toEqual([callback, callback]);
    expect(oauth.oauth_allow_list).toEqual([callback]);
    expect(oauth.strict_mode).toBe(true);
  });

  it("is a webinar app whose one event subscription goes to /webhooks/zoom with exactly the events the app handles", () => {
    expect(manifest.features.products).toEqual(["ZOOM_WEBINAR"]);
    expect(manifest.features.event_subscription.enable).toBe(true);
    const [subscription, ...others] = manifest.features.event_subscription.events;
    expect(others).toEqual([]);
    expect(subscription!.development_webhook_url).toBe(`${BASE}/webhooks/zoom`);
    expect(subscription!.production_webhook_url).toBe(`${BASE}/webhooks/zoom`);
    expect(subscription!.event_types).toEqual([...HANDLED_EVENTS]);
    expect(subscription!.event_types).toEqual(expect.arrayContaining(CONTRACT_EVENTS));
    expect(subscription!.event_types.filter((t) => !isHandledEvent(t))).toEqual([]);
  });

  it("passes our schema of the manifest fields we rely on, which refuses what Zoom refuses", () => {
    expect(schemaErrors("zoom-manifest", manifest)).toEqual([]);
    const userScope = structuredClone(manifest);
    userScope.oauth_information.scopes.push({ scope: "webinar:read:webinar", optional: false });
    expect(schemaErrors("zoom-manifest", userScope).join()).toMatch(/scope must match pattern ":admin\$"/);
    const allOptional = structuredClone(manifest);
    allOptional.oauth_information.scopes.forEach((s) => (s.optional = true));
    expect(schemaErrors("zoom-manifest", allOptional).join()).toMatch(/must contain at least 1 valid item/);
    const httpWebhook = structuredClone(manifest);
    httpWebhook.features.event_subscription.events[0]!.production_webhook_url = "http://webinars.example.com/webhooks/zoom";
    expect(schemaErrors("zoom-manifest", httpWebhook).join()).toMatch(/production_webhook_url must match pattern/);
    const longName = structuredClone(manifest);
    longName.display_information.display_name = "Zoom webinar registrations and attendance for HubSpot";
    expect(schemaErrors("zoom-manifest", longName).join()).toMatch(/display_name must NOT have more than 49 characters/);
  });
});

describe("npm run zoom:manifest (the command)", () => {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const cli = path.join(ROOT, "src", "platform", "zoom-manifest-cli.ts");
  const command = (args: string[], env: NodeJS.ProcessEnv) =>
    run(tsx, [cli, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (err: unknown) => {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      },
    );

  it("prints the manifest of the configured deployment as JSON on stdout, the next step on stderr", async () => {
    const result = await command([], { APP_BASE_URL: BASE });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(zoomManifest(BASE));
    expect(result.stderr).toMatch(/General app/);
  }, 60_000);

  it("refuses a base URL that is not https (other than localhost) with exit code 1 and prints no manifest", async () => {
    const refused = await command([], { APP_BASE_URL: "http://webinars.example.com" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/public https:\/\/ URLs/);
    const local = await command([], { APP_BASE_URL: "http://localhost:3000" });
    expect(local.code).toBe(0);
    expect(JSON.parse(local.stdout).oauth_information.production_redirect_uri).toBe("http://localhost:3000/oauth/zoom/callback");
  }, 60_000);
});
