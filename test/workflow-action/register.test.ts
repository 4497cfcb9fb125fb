import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { FakeHubSpot } from "../../src/sandbox/fake-hubspot";
import { developerStore } from "../../src/sandbox/fake-hubspot/actions";
import { describeResult, registerWithHubSpot } from "../../src/workflow-action/register";
import { ACTION_ERROR_CODES } from "../../src/workflow-action/schemas";
import { testConfig } from "../helpers/app";

const APP_ID = "4242";
const PUBLIC_URL = "https://zoom-app.example.com";

describe("npm run hubspot:register", () => {
  let hubspot: FakeHubSpot;
  beforeAll(async () => {
    hubspot = new FakeHubSpot();
    await hubspot.start();
  });
  afterAll(async () => hubspot?.stop());

  const env = (key = hubspot.developerApiKey) => ({
    APP_BASE_URL: PUBLIC_URL,
    HUBSPOT_API_BASE_URL: hubspot.url,
    HUBSPOT_CLIENT_ID: "cid",
    HUBSPOT_CLIENT_SECRET: "secret",
    HUBSPOT_APP_ID: APP_ID,
    HUBSPOT_DEVELOPER_API_KEY: key,
    ZOOM_CLIENT_ID: "zid",
    ZOOM_CLIENT_SECRET: "zsecret",
    ZOOM_WEBHOOK_SECRET_TOKEN: "zwh",
  });
  const definitions = () => [...(developerStore(hubspot).definitions.get(APP_ID)?.values() ?? [])];

  it("when run the first time, then it creates the published action definition the contract describes", async () => {
    const result = await registerWithHubSpot(testConfig(env()), { timelineTemplates: false });
    expect(result.created).toBe(true);
    const [def] = definitions();
    expect(definitions()).toHaveLength(1);
    expect(def.id).toBe(result.definitionId);
    expect(def).toMatchObject({
      actionUrl: `${PUBLIC_URL}/hubspot/actions/add-to-webinar`,
      published: true,
      objectTypes: ["CONTACT"],
      objectRequestOptions: { properties: ["firstname", "lastname", "email"] },
      inputFields: [
        {
          typeDefinition: { name: "webinarId", optionsUrl: `${PUBLIC_URL}/hubspot/actions/add-to-webinar/options` },
          supportedValueTypes: ["STATIC_VALUE", "OBJECT_PROPERTY"],
          isRequired: true,
        },
      ],
      labels: { en: { actionName: "Add contact to Zoom webinar", executionRules: { refused: "{{error_message}}" } } },
      executionRules: [{ labelName: "refused", conditions: { error_code: [...ACTION_ERROR_CODES] } }],
    });
    expect((def.outputFields as { typeDefinition: { name: string } }[]).map((f) => f.typeDefinition.name)).toEqual([
      "zoom_registrant_id",
      "zoom_join_url",
      "error_code",
      "error_message",
    ]);
    const posts = hubspot.callsTo("POST", `/automation/v4/actions/${APP_ID}`);
    expect(posts).toHaveLength(1);
    expect(posts[0].query).toEqual({ hapikey: hubspot.developerApiKey });
    expect(posts[0].headers.authorization).toBeUndefined();
  });

  it("when run again, then it finds the existing definition and updates it instead of adding one", async () => {
    const [before] = definitions();
    const result = await registerWithHubSpot(testConfig(env()), { timelineTemplates: false });
    expect(result).toMatchObject({ created: false, definitionId: before.id });
    expect(definitions()).toHaveLength(1);
    expect(definitions()[0].revisionId).toBe("2");
    expect(hubspot.callsTo("PATCH", `/automation/v4/actions/${APP_ID}/${before.id}`)).toHaveLength(1);
  });

  it("when run with --timeline-templates, then the three templates exist and their ids are printed as env lines", async () => {
    const { stdout } = await promisify(execFile)(
      path.join("node_modules", ".bin", "tsx"),
      [path.join("src", "workflow-action", "register.ts"), "--timeline-templates"],
      {
        // Only what registering needs: no runtime secrets.
        env: { PATH: process.env.PATH, APP_BASE_URL: PUBLIC_URL, HUBSPOT_API_BASE_URL: hubspot.url, HUBSPOT_APP_ID: APP_ID, HUBSPOT_DEVELOPER_API_KEY: hubspot.developerApiKey },
        cwd: path.resolve(__dirname, "../.."),
      },
    );
    const templates = [...developerStore(hubspot).templates.get(APP_ID)!.values()];
    expect(templates.map((t) => t.name)).toEqual([
      "Registered for a Zoom webinar",
      "Attended a Zoom webinar",
      "Zoom webinar recording available",
    ]);
    expect(stdout.trim().split("\n")).toEqual([
      `Workflow action "Add contact to Zoom webinar" updated: definition id ${definitions()[0].id}`,
      `HUBSPOT_TIMELINE_TEMPLATE_REGISTRATION=${templates[0].id}`,
      `HUBSPOT_TIMELINE_TEMPLATE_ATTENDANCE=${templates[1].id}`,
      `HUBSPOT_TIMELINE_TEMPLATE_RECORDING=${templates[2].id}`,
    ]);
    expect(stdout).not.toContain(hubspot.developerApiKey);

    const again = await registerWithHubSpot(testConfig(env()), { timelineTemplates: true });
    expect(Object.values(again.templates).map((t) => t!.id)).toEqual(templates.map((t) => t.id));
    expect(describeResult(again)).toHaveLength(4);
    expect(developerStore(hubspot).templates.get(APP_ID)!.size).toBe(3);
  }, 60_000);

  it("when the developer API key is wrong, then it fails without printing the key", async () => {
    const err = (await registerWithHubSpot(testConfig(env("wrong-key-123")), { timelineTemplates: false }).catch((e) => e)) as Error;
    expect(err.message).toMatch(/401/);
    expect(err.message).not.toContain("wrong-key-123");
  });
});
