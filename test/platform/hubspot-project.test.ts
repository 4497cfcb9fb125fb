import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { APP_EVENT_TYPES } from "../../src/hubspot/app-event-types";
import { HUBSPOT_WEBHOOK_PATH } from "../../src/hubspot/webhook-subscriptions";
import {
  ACTION_FILE,
  APP_FILE,
  APP_UID,
  appEventFile,
  hubspotProjectFiles,
  PROJECT_FILE,
  WEBHOOKS_FILE,
  type ProjectFiles,
  type ProjectSettings,
} from "../../src/platform/hubspot-project";
import { writeProject } from "../../src/platform/hubspot-project-cli";
import { checkPublicBaseUrl } from "../../src/platform/public-url";
import { schemaErrors, schemaForProjectFile } from "./schemas";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const BASE = "https://webinars.example.com";
const NO_SUPPORT = { email: undefined, url: undefined, docsUrl: undefined };
const settings = (appEvents: boolean, extra: Partial<ProjectSettings> = {}): ProjectSettings => ({
  appBaseUrl: BASE,
  appEvents,
  support: { email: "help@example.com", url: "https://example.com/support", docsUrl: "https://example.com/docs" },
  ...extra,
});

interface ParsedNode {
  uid: string;
  componentType: string;
  metaFilePath: string;
  expectedFolder: string | null;
  app: string | null;
  uidProblem: string | null;
  config: unknown;
}
interface Parsed {
  config: Record<string, string>;
  nodes: ParsedNode[];
  skippedHsMetaFiles: string[];
  tooMany: string[];
}

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubspot-project-"));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** HubSpot's parser (ESM-only) on a project folder, in a child process: test/platform/parse-project.mjs. */
async function parseWithHubSpot(dir: string): Promise<Parsed> {
  const { stdout } = await run(process.execPath, [path.join(__dirname, "parse-project.mjs"), dir], { cwd: ROOT });
  return JSON.parse(stdout);
}

const hsmetaFiles = (files: ProjectFiles) => Object.keys(files).filter((f) => f.endsWith("-hsmeta.json"));
const configOf = (files: ProjectFiles, file: string) => (files[file] as { config: any }).config;

describe("npm run hubspot:project: the files HubSpot's parser reads", () => {
  it.each([
    ["without app events", false, 3],
    ["with app events", true, 6],
  ])("%s, every generated file is a component of the app, in its type's folder, read back unchanged", async (_name, appEvents, count) => {
    const files = hubspotProjectFiles(settings(appEvents));
    const dir = tempDir();
    writeProject(dir, files);

    const parsed = await parseWithHubSpot(dir);

    expect(parsed.config).toEqual({ name: "hubspot-zoom-webinars", srcDir: "src", platformVersion: "2026.03" });
    expect(parsed.skippedHsMetaFiles).toEqual([]);
    expect(parsed.tooMany).toEqual([]);
    // Invalid JSON would be dropped silently: each of our files must come back as a node.
    expect(parsed.nodes.map((n) => `src/${n.metaFilePath}`).sort()).toEqual(hsmetaFiles(files).sort());
    expect(hsmetaFiles(files)).toHaveLength(count);
    for (const node of parsed.nodes) {
      const file = `src/${node.metaFilePath}`;
      expect({ file, uidProblem: node.uidProblem }).toEqual({ file, uidProblem: null });
      expect(path.posix.dirname(node.metaFilePath)).toBe(node.expectedFolder);
      expect(node.app).toBe(node.uid === APP_UID ? null : APP_UID);
      expect(node.config).toEqual(configOf(files, file));
    }
    expect(parsed.nodes.filter((n) => n.componentType === "APP_EVENT")).toHaveLength(appEvents ? 3 : 0);
  }, 30_000);

  it.each([false, true])("with app events %s, each file passes our schema of its component", (appEvents) => {
    for (const support of [settings(appEvents).support, NO_SUPPORT]) {
      const files = hubspotProjectFiles(settings(appEvents, { support }));
      for (const [file, content] of Object.entries(files)) {
        expect({ file, errors: schemaErrors(schemaForProjectFile(file), content) }).toEqual({ file, errors: [] });
      }
    }
  });

  it("when a component breaks a rule the parser does not check, then the parser still accepts it and our schema refuses it", async () => {
    const good = hubspotProjectFiles(settings(true));
    const action = good[ACTION_FILE] as { uid: string; config: any };
    const webhooks = good[WEBHOOKS_FILE] as { uid: string; config: any };
    const clone = <T>(v: T): T => structuredClone(v);

    const noActionUrl = clone(action);
    noActionUrl.uid = "no_action_url";
    delete noActionUrl.config.actionUrl;
    const badValueType = clone(action);
    badValueType.uid = "bad_value_type";
    badValueType.config.inputFields[0].supportedValueTypes = ["FIXED_VALUE"];
    const noEnglish = clone(action);
    noEnglish.uid = "no_english";
    delete noEnglish.config.labels.en;
    const badUid = clone(action);
    badUid.uid = "add contact!";
    const unknownTopLevel = { ...clone(webhooks), version: 2 };
    const httpTarget = clone(webhooks);
    httpTarget.config.settings.targetUrl = "http://webinars.example.com/webhooks/hubspot";
    const longEventName = clone(good[appEventFile(APP_EVENT_TYPES.registration.uid)] as { config: { name: string } });
    longEventName.config.name = "Registered for a Zoom webinar hosted by our marketing team";
    const app = clone(good[APP_FILE] as { config: any });
    app.config.name = "Zoom Webinars ";
    app.config.auth.type = "oauth2";

    const broken: Record<string, [ProjectFiles[string], ReturnType<typeof schemaForProjectFile>]> = {
      "src/app/workflow-actions/no-action-url-hsmeta.json": [noActionUrl, "workflow-action"],
      "src/app/workflow-actions/bad-value-type-hsmeta.json": [badValueType, "workflow-action"],
      "src/app/workflow-actions/no-english-hsmeta.json": [noEnglish, "workflow-action"],
      "src/app/workflow-actions/bad-uid-hsmeta.json": [badUid, "workflow-action"],
      [WEBHOOKS_FILE]: [unknownTopLevel, "webhooks"],
      [appEventFile(APP_EVENT_TYPES.registration.uid)]: [longEventName, "app-event"],
      [APP_FILE]: [app, "app"],
    };
    const dir = tempDir();
    writeProject(dir, { ...good, ...Object.fromEntries(Object.entries(broken).map(([f, [content]]) => [f, content])) });
    const parsed = await parseWithHubSpot(dir);
    const accepted = new Set(parsed.nodes.map((n) => `src/${n.metaFilePath}`));

    for (const [file, [content, schema]] of Object.entries(broken)) {
      expect({ file, acceptedByParser: accepted.has(file) }).toEqual({ file, acceptedByParser: true });
      expect({ file, refused: schemaErrors(schema, content).length > 0 }).toEqual({ file, refused: true });
    }
    expect(schemaErrors("workflow-action", noActionUrl).join()).toMatch(/actionUrl/);
    expect(schemaErrors("workflow-action", badValueType).join()).toMatch(/supportedValueTypes\/0 must be equal to one of the allowed values/);
    expect(schemaErrors("workflow-action", noEnglish).join()).toMatch(/labels must have required property 'en'/);
    expect(schemaErrors("webhooks", unknownTopLevel).join()).toMatch(/must NOT have additional properties/);
    expect(schemaErrors("webhooks", httpTarget).join()).toMatch(/targetUrl must match pattern/);
    expect(schemaErrors("app", app)).toHaveLength(2);
  }, 30_000);
});

describe("npm run hubspot:project: what the files say", () => {
  it("declares a marketplace OAuth app redirecting to our callback, with the support details that are set and no others", () => {
    const files = hubspotProjectFiles(settings(false, { support: { email: "help@example.com", url: undefined, docsUrl: "https://example.com/docs" } }));
    expect(files[PROJECT_FILE]).toEqual({ name: "hubspot-zoom-webinars", srcDir: "src", platformVersion: "2026.03" });
    const app = files[APP_FILE] as { uid: string; type: string; config: any };
    expect(app).toMatchObject({ uid: APP_UID, type: "app", config: { distribution: "marketplace", auth: { type: "oauth" } } });
    expect(app.config.auth.redirectUrls).toEqual([`${BASE}/oauth/hubspot/callback`]);
    expect(app.config.support).toEqual({ supportEmail: "help@example.com", documentationUrl: "https://example.com/docs" });
    expect(configOf(hubspotProjectFiles(settings(false, { support: NO_SUPPORT })), APP_FILE).support).toBeUndefined();
  });

  it("asks for `timeline` only when app events are declared, since they need it", () => {
    const scopes = (appEvents: boolean) => configOf(hubspotProjectFiles(settings(appEvents)), APP_FILE).auth.requiredScopes as string[];
    expect(scopes(false)).not.toContain("timeline");
    expect(scopes(true)).toEqual([...scopes(false), "timeline"]);
  });

  it("declares the workflow action of the contract: URL, contact, webinarId from a list or a property, occurrence, its outputs, English and German", () => {
    const action = hubspotProjectFiles(settings(false))[ACTION_FILE] as { type: string; config: any };
    expect(action.type).toBe("workflow-action");
    const config = action.config;
    expect(config).toMatchObject({
      actionUrl: `${BASE}/hubspot/actions/add-to-webinar`,
      isPublished: true,
      supportedClients: [{ client: "WORKFLOWS" }],
      objectTypes: ["CONTACT"],
      // Name and email, and the properties registration questions are most often mapped to (CONTRACT.md §11).
      objectRequestOptions: { properties: ["firstname", "lastname", "email", "jobtitle", "company", "phone", "country", "city", "state", "zip", "address", "industry"] },
      inputFields: [
        {
          typeDefinition: { name: "webinarId", type: "enumeration", fieldType: "select", optionsUrl: `${BASE}/hubspot/actions/add-to-webinar/options` },
          supportedValueTypes: ["STATIC_VALUE", "OBJECT_PROPERTY"],
          isRequired: true,
        },
        {
          // Recurring webinars (CONTRACT.md §11): all occurrences, the default, or the next one.
          typeDefinition: {
            name: "occurrence", type: "enumeration", fieldType: "select",
            options: [{ value: "all", label: "All occurrences" }, { value: "next", label: "Next occurrence only" }],
          },
          supportedValueTypes: ["STATIC_VALUE"],
          isRequired: false,
        },
      ],
    });
    const outputs = config.outputFields.map((f: { typeDefinition: { name: string } }) => f.typeDefinition.name);
    expect(outputs).toEqual(["zoom_registrant_id", "zoom_join_url", "error_code", "error_message"]);
    expect(Object.keys(config.labels).sort()).toEqual(["de", "en"]);
    expect(config.labels.en.actionName).toBe("Add contact to Zoom webinar");
    for (const locale of ["en", "de"]) {
      const labels = config.labels[locale];
      expect(Object.keys(labels.inputFieldLabels)).toEqual(["webinarId", "occurrence"]);
      expect(Object.keys(labels.inputFieldDescriptions)).toEqual(["webinarId", "occurrence"]);
      expect(Object.keys(labels.inputFieldOptionLabels.occurrence)).toEqual(["all", "next"]);
      expect(Object.keys(labels.outputFieldLabels)).toEqual(outputs);
      expect(Object.keys(labels.executionRules)).toEqual(config.executionRules.map((r: { labelName: string }) => r.labelName));
    }
    expect(config.labels.de.actionName).not.toBe(config.labels.en.actionName);
  });

  it("subscribes the webhook target to contact deletions and privacy deletions", () => {
    const webhooks = configOf(hubspotProjectFiles(settings(false)), WEBHOOKS_FILE);
    expect(webhooks.settings.targetUrl).toBe(`${BASE}${HUBSPOT_WEBHOOK_PATH}`);
    expect(webhooks.settings.targetUrl).toBe(`${BASE}/webhooks/hubspot`);
    expect(webhooks.subscriptions).toEqual({
      legacyCrmObjects: [{ subscriptionType: "contact.deletion", active: true }],
      hubEvents: [{ subscriptionType: "contact.privacyDeletion", active: true }],
    });
  });

  it("with app events, declares the three contact timeline event types with the properties a marketer filters on", () => {
    const files = hubspotProjectFiles(settings(true));
    const event = (kind: keyof typeof APP_EVENT_TYPES) => files[appEventFile(APP_EVENT_TYPES[kind].uid)] as { type: string; config: any };
    const names = (kind: keyof typeof APP_EVENT_TYPES) => event(kind).config.properties.map((p: { name: string }) => p.name);
    expect(Object.values(APP_EVENT_TYPES).map((t) => (files[appEventFile(t.uid)] as { config: { name: string } }).config.name)).toEqual([
      "Zoom webinar registration",
      "Zoom webinar attendance",
      "Zoom recording available",
    ]);
    for (const kind of ["registration", "attendance", "recording"] as const) {
      expect(event(kind)).toMatchObject({ type: "app-event", config: { objectType: "CONTACT" } });
      expect(names(kind)).toEqual(expect.arrayContaining(["webinar_id", "webinar_topic", "webinar_start"]));
    }
    expect(names("attendance")).toEqual(expect.arrayContaining(["attended_minutes", "attendance_percent"]));
    expect(names("recording")).toContain("recording_url");
  });
});

describe("the public URL rule", () => {
  it.each([
    ["https://webinars.example.com", { ok: true, local: false }],
    ["https://localhost:8443", { ok: true, local: true }],
    ["http://localhost:3000", { ok: true, local: true }],
    ["http://127.0.0.1:3000", { ok: true, local: true }],
  ])("%s is accepted", (url, expected) => {
    expect(checkPublicBaseUrl(url)).toEqual(expected);
  });

  it.each(["http://webinars.example.com", "http://10.0.0.5:3000", "http://localhost.example.com", "ftp://webinars.example.com"])(
    "%s is refused, saying HubSpot needs a public HTTPS URL",
    (url) => {
      const check = checkPublicBaseUrl(url);
      expect(check.ok).toBe(false);
      expect(!check.ok && check.reason).toMatch(/public https:\/\/ URL/);
    },
  );
});

describe("npm run hubspot:project (the command)", () => {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const cli = path.join(ROOT, "src", "platform", "hubspot-project-cli.ts");
  // Only what the command needs: it must run without the runtime's secrets.
  const command = (args: string[], env: NodeJS.ProcessEnv, cwd = ROOT) =>
    run(tsx, [cli, ...args], { cwd, env: { PATH: process.env.PATH, ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (err: unknown) => {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      },
    );
  const readProject = (dir: string) =>
    Object.fromEntries(
      fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => {
          const file = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/");
          return [file, JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))];
        }),
    );

  it("writes the project for the configured deployment into --out, prints the next step, and drops app events it no longer declares", async () => {
    const dir = path.join(tempDir(), "project");
    const env = { APP_BASE_URL: `${BASE}/`, APP_SUPPORT_EMAIL: "help@example.com" };

    const first = await command(["--out", dir, "--app-events"], env);
    expect(first).toMatchObject({ code: 0 });
    const expected = hubspotProjectFiles({ appBaseUrl: BASE, appEvents: true, support: { email: "help@example.com", url: undefined, docsUrl: undefined } });
    expect(readProject(dir)).toEqual(expected);
    expect(first.stdout).toContain(`hs project upload`);
    expect(first.stdout).toContain(dir);

    const second = await command([`--out=${dir}`], env);
    expect(second).toMatchObject({ code: 0 });
    expect(readProject(dir)).toEqual(hubspotProjectFiles({ appBaseUrl: BASE, appEvents: false, support: { email: "help@example.com", url: undefined, docsUrl: undefined } }));
    expect(second.stdout).toContain(`removed ${appEventFile(APP_EVENT_TYPES.registration.uid)}`);

    const viaEnv = await command(["--out", dir], { ...env, HUBSPOT_APP_EVENTS: "true" });
    expect(viaEnv).toMatchObject({ code: 0 });
    expect(readProject(dir)).toEqual(expected);
  }, 60_000);

  it("defaults to hubspot-project/ in the current folder and accepts a localhost base URL, warning that HubSpot cannot reach it", async () => {
    const cwd = tempDir();
    const result = await command([], { APP_BASE_URL: "http://localhost:3000" }, cwd);
    expect(result).toMatchObject({ code: 0 });
    expect(configOf(readProject(path.join(cwd, "hubspot-project")), ACTION_FILE).actionUrl).toBe("http://localhost:3000/hubspot/actions/add-to-webinar");
    expect(result.stdout).toContain("cd hubspot-project && hs project upload");
    expect(result.stderr).toMatch(/HubSpot cannot reach it/);

    // Under `npm run`, the current folder is the package's; INIT_CWD is where the user typed the command.
    const typedIn = tempDir();
    const viaNpm = await command(["--out", "mine"], { APP_BASE_URL: BASE, INIT_CWD: typedIn }, cwd);
    expect(viaNpm).toMatchObject({ code: 0 });
    expect(fs.existsSync(path.join(typedIn, "mine", "hsproject.json"))).toBe(true);
    expect(fs.existsSync(path.join(cwd, "mine"))).toBe(false);
  }, 60_000);

  it("refuses a base URL that is not https with exit code 1, saying why, and writes nothing", async () => {
    const dir = path.join(tempDir(), "project");
    const result = await command(["--out", dir], { APP_BASE_URL: "http://webinars.example.com" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HubSpot and Zoom only call and redirect to public https:\/\/ URLs/);
    expect(fs.existsSync(dir)).toBe(false);
  }, 60_000);

  it("refuses unknown arguments and bad configuration with exit code 1", async () => {
    const unknown = await command(["--outt", "x"], { APP_BASE_URL: BASE });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown argument --outt/);
    const badEmail = await command([], { APP_BASE_URL: BASE, APP_SUPPORT_EMAIL: "not-an-email" });
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toMatch(/APP_SUPPORT_EMAIL must be an email address/);
  }, 60_000);
});
