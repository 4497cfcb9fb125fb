import dotenv from "dotenv";
import { ConfigError, loadConfig, type Config } from "../config";
import { httpRequest } from "../lib/http-client";
import { ACTION_NAME, workflowActionConfig, TEMPLATE_ENV, TIMELINE_TEMPLATES, type TemplateKind } from "./definition";

/**
 * `npm run hubspot:register [-- --timeline-templates]`: creates or updates the
 * workflow action definition of HUBSPOT_APP_ID (found first by its action URL or name,
 * so running it again updates rather than duplicates), and with the flag the three
 * timeline event templates, printing their ids as env lines. Authenticated with the
 * developer API key (`hapikey` query), which is never printed.
 */

interface Definition {
  id: string;
  actionUrl?: string;
  labels?: { en?: { actionName?: string } };
}

interface Template {
  id: string | number;
  name?: string;
}

export interface RegisterResult {
  definitionId: string;
  created: boolean;
  templates: Partial<Record<TemplateKind, { id: string; created: boolean }>>;
}

/** What registering needs: the app's public URL, its HubSpot app id and the developer key. */
export type RegisterConfig = Pick<Config, "appBaseUrl"> & { hubspot: Pick<Config["hubspot"], "appId" | "developerApiKey" | "apiBaseUrl"> };

/**
 * Only the variables registering uses are read (validated by the app's own config
 * rules), so the script runs without the runtime's secrets.
 */
export function registerConfig(env: NodeJS.ProcessEnv = process.env): RegisterConfig {
  const used = ["PORT", "APP_BASE_URL", "HUBSPOT_API_BASE_URL", "HUBSPOT_DEVELOPER_API_KEY"] as const;
  const config = loadConfig(Object.fromEntries(used.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])));
  const appId = (env.HUBSPOT_APP_ID ?? "").trim();
  if (appId && !/^\d+$/.test(appId)) throw new ConfigError([{ variable: "HUBSPOT_APP_ID", message: "must be a number" }]);
  return { appBaseUrl: config.appBaseUrl, hubspot: { ...config.hubspot, appId: appId || undefined } };
}

export async function registerWithHubSpot(config: RegisterConfig, options: { timelineTemplates: boolean }): Promise<RegisterResult> {
  const { appId, developerApiKey, apiBaseUrl } = config.hubspot;
  const missing = [!appId && "HUBSPOT_APP_ID", !developerApiKey && "HUBSPOT_DEVELOPER_API_KEY"].filter(Boolean);
  if (missing.length) throw new ConfigError(missing.map((variable) => ({ variable: String(variable), message: "is required to register" })));
  const call = async <T>(method: "GET" | "POST" | "PATCH" | "PUT", path: string, json?: unknown) =>
    (await httpRequest<T>({ method, url: `${apiBaseUrl}${path}`, query: { hapikey: developerApiKey }, json })).body;

  // GET /automation/v4/actions/{appId} (paged with `after`), then PATCH …/{definitionId} or POST.
  // The definitions API names the project file's `isPublished` `published` and has no `supportedClients`.
  const { isPublished, supportedClients: _clients, ...fields } = workflowActionConfig(config.appBaseUrl);
  const definition = { ...fields, published: isPublished };
  const existing = await findDefinition(call, appId!, definition.actionUrl);
  const saved = existing
    ? await call<Definition>("PATCH", `/automation/v4/actions/${appId}/${existing.id}`, definition)
    : await call<Definition>("POST", `/automation/v4/actions/${appId}`, definition);
  const result: RegisterResult = { definitionId: String(saved.id), created: !existing, templates: {} };

  if (options.timelineTemplates) {
    // GET/POST /integrators/timeline/v3/{appId}/event-templates, PUT …/{templateId} to update.
    const listed = await call<{ results?: Template[] }>("GET", `/integrators/timeline/v3/${appId}/event-templates`);
    for (const kind of Object.keys(TIMELINE_TEMPLATES) as TemplateKind[]) {
      const body = TIMELINE_TEMPLATES[kind];
      const found = (listed?.results ?? []).find((t) => t.name === body.name);
      const template = found
        ? await call<Template>("PUT", `/integrators/timeline/v3/${appId}/event-templates/${found.id}`, { ...body, id: String(found.id) })
        : await call<Template>("POST", `/integrators/timeline/v3/${appId}/event-templates`, body);
      result.templates[kind] = { id: String(template.id), created: !found };
    }
  }
  return result;
}

async function findDefinition(
  call: <T>(method: "GET", path: string) => Promise<T>,
  appId: string,
  actionUrl: string,
): Promise<Definition | undefined> {
  let after: string | undefined;
  do {
    const page = await call<{ results?: Definition[]; paging?: { next?: { after?: string } } }>(
      "GET",
      `/automation/v4/actions/${appId}${after ? `?after=${encodeURIComponent(after)}` : ""}`,
    );
    const match =
      page?.results?.find((d) => d.actionUrl === actionUrl) ??
      page?.results?.find((d) => d.labels?.en?.actionName === ACTION_NAME);
    if (match) return match;
    after = page?.paging?.next?.after;
  } while (after);
  return undefined;
}

export function describeResult(r: RegisterResult): string[] {
  return [
    `Workflow action "${ACTION_NAME}" ${r.created ? "created" : "updated"}: definition id ${r.definitionId}`,
    ...(Object.entries(r.templates) as [TemplateKind, { id: string; created: boolean }][]).map(
      ([kind, t]) => `${TEMPLATE_ENV[kind]}=${t.id}`,
    ),
  ];
}

async function main() {
  dotenv.config({ quiet: true });
  const config = registerConfig();
  const result = await registerWithHubSpot(config, { timelineTemplates: process.argv.includes("--timeline-templates") });
  for (const line of describeResult(result)) process.stdout.write(`${line}\n`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`hubspot:register failed: ${err.message}\n`);
    process.exit(1);
  });
}
