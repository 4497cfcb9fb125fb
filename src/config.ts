import path from "node:path";
import { z } from "zod";

/**
 * The whole environment of the app, validated once at start (CONTRACT.md §2).
 * Anything wrong stops the process with one message naming every bad variable;
 * values are never echoed, so a mistyped secret cannot leak into logs.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), { error: `must be an http(s) URL (${what})` })
    .transform((v) => v.replace(/\/+$/, ""));

const base64Key32 = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, "base64").length === 32, {
    error: "must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)",
  });

const EnvSchema = z
  .object({
    NODE_ENV: optionalString,
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    APP_BASE_URL: url("public URL of the app").optional(),
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      error: "must be a postgresql:// URL",
    }),
    DATA_DIR: z.string().trim().min(1).default("./data"),
    SESSION_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
      error: "must be at least 32 characters",
    }),
    TOKEN_ENCRYPTION_KEY: base64Key32.optional().or(z.literal("").transform(() => undefined)),
    HUBSPOT_AUTHORIZE_URL: url("HubSpot authorize page").default("https://app.hubspot.com/oauth/authorize"),
    HUBSPOT_API_BASE_URL: url("HubSpot API").default("https://api.hubapi.com"),
    ZOOM_OAUTH_BASE_URL: url("Zoom OAuth").default("https://zoom.us"),
    ZOOM_API_BASE_URL: url("Zoom API").default("https://api.zoom.us/v2"),
    HUBSPOT_APP_EVENTS: z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => ["", "true", "false", "1", "0"].includes(v), { error: "must be true or false" })
      .transform((v) => v === "true" || v === "1")
      .default(false),
    APP_SUPPORT_EMAIL: optionalString.refine((v) => v === undefined || /^[^\s@]+@[^\s@]+$/.test(v), {
      error: "must be an email address",
    }),
    APP_SUPPORT_URL: url("support page").optional(),
    APP_DOCS_URL: url("documentation").optional(),
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    BACKFILL_ON_CONNECT_DAYS: z.coerce.number({ error: "must be a whole number of days from 0 to 180" }).int().min(0).max(180).default(90),
    HOST: optionalString,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  });

const CREDENTIALS = [
  "HUBSPOT_CLIENT_ID",
  "HUBSPOT_CLIENT_SECRET",
  "HUBSPOT_APP_ID",
  "ZOOM_CLIENT_ID",
  "ZOOM_CLIENT_SECRET",
  "ZOOM_WEBHOOK_SECRET_TOKEN",
] as const;

const required = (message: string) => z.string({ error: message }).trim().min(1, message);
const CREDENTIAL = "is required when HubSpot/Zoom credentials are set";
const SECRET = "is required outside sandbox mode";

/**
 * Live mode: once any credential is set, all are required (credentials for one side only
 * would make a half-working app), and so are the secrets. Checked with the other variables
 * so every problem is reported together; what it yields has no optional credential.
 */
const LiveEnv = z.object({
  HUBSPOT_CLIENT_ID: required(CREDENTIAL),
  HUBSPOT_CLIENT_SECRET: required(CREDENTIAL),
  HUBSPOT_APP_ID: required(CREDENTIAL).regex(/^\d+$/, "must be a number"),
  ZOOM_CLIENT_ID: required(CREDENTIAL),
  ZOOM_CLIENT_SECRET: required(CREDENTIAL),
  ZOOM_WEBHOOK_SECRET_TOKEN: required(CREDENTIAL),
  SESSION_SECRET: required(SECRET).min(32, "must be at least 32 characters"),
  TOKEN_ENCRYPTION_KEY: required(SECRET)
    .pipe(base64Key32)
    .transform((v) => Buffer.from(v, "base64")),
});

interface Common {
  env: string;
  port: number;
  appBaseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Support details written into the HubSpot project (CONTRACT.md §9). */
  support: { email: string | undefined; url: string | undefined; docsUrl: string | undefined };
  /** Raw webhook bodies are deleted this many days after they were processed (CONTRACT.md §10). */
  webhookRetentionDays: number;
  /** Days of past webinars imported when Zoom is connected (src/backfill); 0: none. */
  backfillOnConnectDays: number;
  /** Listen address; undefined = all interfaces (sandbox mode: loopback, CONTRACT.md §2). */
  host: string | undefined;
  logLevel: string;
}

/** The HubSpot app: its credentials (the operator's, or the sandbox's simulated app) and addresses. */
export interface HubSpotApp {
  clientId: string;
  clientSecret: string;
  appId: string;
  authorizeUrl: string;
  apiBaseUrl: string;
  /** HubSpot approved app events for the app: timeline events are written (CONTRACT.md §5). */
  appEvents: boolean;
}

/** The Zoom app: its credentials (the operator's, or the sandbox's simulated app) and addresses. */
export interface ZoomApp {
  clientId: string;
  clientSecret: string;
  webhookSecretToken: string;
  oauthBaseUrl: string;
  apiBaseUrl: string;
}

/** HubSpot/Zoom credentials set: every one of them, and both secrets. */
export interface LiveConfig extends Common {
  mode: "live";
  sessionSecret: string;
  tokenEncryptionKey: Buffer;
  hubspot: HubSpotApp;
  zoom: ZoomApp;
}

/**
 * No credentials: sandbox mode as read from the environment. The sandbox
 * (src/sandbox/sandbox.ts) supplies simulated credentials and addresses, giving a
 * SandboxConfig; the secrets, when unset, are made and kept in DATA_DIR (src/lib/secrets.ts).
 */
export interface SandboxSettings extends Common {
  mode: "sandbox";
  sessionSecret: string | undefined;
  tokenEncryptionKey: Buffer | undefined;
  hubspot: Pick<HubSpotApp, "authorizeUrl" | "apiBaseUrl" | "appEvents">;
  zoom: Pick<ZoomApp, "oauthBaseUrl" | "apiBaseUrl">;
}

/** What `loadConfig` reads: live credentials, or none (sandbox mode). */
export type LoadedConfig = LiveConfig | SandboxSettings;

/** Sandbox mode once the simulated HubSpot and Zoom run: their credentials and addresses. */
export interface SandboxConfig extends Omit<SandboxSettings, "hubspot" | "zoom"> {
  hubspot: HubSpotApp;
  zoom: ZoomApp;
}

/** What the app runs with (routes, jobs, API clients): credentials are always there. */
export type Config = LiveConfig | SandboxConfig;

/**
 * Variables of the legacy HubSpot app (developer API key, v3 timeline templates) that
 * nothing reads any more; the start log names those still set so an operator can drop them.
 */
export const OBSOLETE_VARIABLES = [
  "HUBSPOT_DEVELOPER_API_KEY",
  "HUBSPOT_TIMELINE_TEMPLATE_REGISTRATION",
  "HUBSPOT_TIMELINE_TEMPLATE_ATTENDANCE",
  "HUBSPOT_TIMELINE_TEMPLATE_RECORDING",
] as const;

export const obsoleteVariablesSet = (source: NodeJS.ProcessEnv = process.env): string[] =>
  OBSOLETE_VARIABLES.filter((name) => (source[name] ?? "").trim() !== "");

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join("; ")}. ` +
        "See .env.example and README.md.",
    );
    this.name = "ConfigError";
  }
}

/** Reads the configuration from an environment (process.env by default). Throws ConfigError. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const parsed = EnvSchema.safeParse(source);
  const isSet = (name: string) => (source[name] ?? "").trim() !== "";
  const live = CREDENTIALS.some(isSet) ? LiveEnv.safeParse(source) : undefined;
  const seen = new Map<string, string>();
  for (const issue of [...(parsed.error?.issues ?? []), ...(live?.error?.issues ?? [])]) {
    const variable = String(issue.path[0] ?? "environment");
    if (!seen.has(variable)) seen.set(variable, issue.message);
  }
  if (!parsed.success || (live && !live.success)) {
    throw new ConfigError([...seen].map(([variable, message]) => ({ variable, message })));
  }
  const e = parsed.data;
  const common: Common = {
    env: e.NODE_ENV ?? "development",
    port: e.PORT,
    appBaseUrl: e.APP_BASE_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    support: { email: e.APP_SUPPORT_EMAIL, url: e.APP_SUPPORT_URL, docsUrl: e.APP_DOCS_URL },
    webhookRetentionDays: e.WEBHOOK_RETENTION_DAYS,
    backfillOnConnectDays: e.BACKFILL_ON_CONNECT_DAYS,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
  };
  const hubspot = { authorizeUrl: e.HUBSPOT_AUTHORIZE_URL, apiBaseUrl: e.HUBSPOT_API_BASE_URL, appEvents: e.HUBSPOT_APP_EVENTS };
  const zoom = { oauthBaseUrl: e.ZOOM_OAUTH_BASE_URL, apiBaseUrl: e.ZOOM_API_BASE_URL };
  if (!live) {
    return {
      ...common,
      mode: "sandbox",
      host: e.HOST ?? "127.0.0.1",
      sessionSecret: e.SESSION_SECRET,
      tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ? Buffer.from(e.TOKEN_ENCRYPTION_KEY, "base64") : undefined,
      hubspot,
      zoom,
    };
  }
  const c = live.data;
  return {
    ...common,
    mode: "live",
    sessionSecret: c.SESSION_SECRET,
    tokenEncryptionKey: c.TOKEN_ENCRYPTION_KEY,
    hubspot: { ...hubspot, clientId: c.HUBSPOT_CLIENT_ID, clientSecret: c.HUBSPOT_CLIENT_SECRET, appId: c.HUBSPOT_APP_ID },
    zoom: { ...zoom, clientId: c.ZOOM_CLIENT_ID, clientSecret: c.ZOOM_CLIENT_SECRET, webhookSecretToken: c.ZOOM_WEBHOOK_SECRET_TOKEN },
  };
}
