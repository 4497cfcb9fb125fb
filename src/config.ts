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
    HUBSPOT_CLIENT_ID: optionalString,
    HUBSPOT_CLIENT_SECRET: optionalString,
    HUBSPOT_APP_ID: optionalString.refine((v) => v === undefined || /^\d+$/.test(v), {
      error: "must be a number",
    }),
    HUBSPOT_AUTHORIZE_URL: url("HubSpot authorize page").default("https://app.hubspot.com/oauth/authorize"),
    HUBSPOT_API_BASE_URL: url("HubSpot API").default("https://api.hubapi.com"),
    ZOOM_CLIENT_ID: optionalString,
    ZOOM_CLIENT_SECRET: optionalString,
    ZOOM_WEBHOOK_SECRET_TOKEN: optionalString,
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

/**
 * Rules across variables, checked on the raw environment so their problems are
 * reported together with every other one. Credentials for one side only would make a
 * half-working app, so once any is set all are required, and so are the secrets.
 */
function crossFieldProblems(source: NodeJS.ProcessEnv): { variable: string; message: string }[] {
  const isSet = (name: string) => (source[name] ?? "").trim() !== "";
  if (!CREDENTIALS.some(isSet)) return [];
  return [
    ...CREDENTIALS.filter((n) => !isSet(n)).map((variable) => ({
      variable,
      message: "is required when HubSpot/Zoom credentials are set",
    })),
    ...(["SESSION_SECRET", "TOKEN_ENCRYPTION_KEY"] as const)
      .filter((n) => !isSet(n))
      .map((variable) => ({ variable, message: "is required outside sandbox mode" })),
  ];
}

export interface Config {
  env: string;
  port: number;
  appBaseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** No HubSpot/Zoom credentials: the app runs against simulated ones. */
  sandbox: boolean;
  sessionSecret: string | undefined;
  tokenEncryptionKey: Buffer | undefined;
  hubspot: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    appId: string | undefined;
    authorizeUrl: string;
    apiBaseUrl: string;
    /** HubSpot approved app events for the app: timeline events are written (CONTRACT.md §5). */
    appEvents: boolean;
  };
  /** Support details written into the HubSpot project (CONTRACT.md §9). */
  support: { email: string | undefined; url: string | undefined; docsUrl: string | undefined };
  /** Raw webhook bodies are deleted this many days after they were processed (CONTRACT.md §10). */
  webhookRetentionDays: number;
  /** Listen address; undefined = all interfaces (sandbox mode: loopback, CONTRACT.md §2). */
  host: string | undefined;
  zoom: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    webhookSecretToken: string | undefined;
    oauthBaseUrl: string;
    apiBaseUrl: string;
  };
  logLevel: string;
}

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
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  const seen = new Map<string, string>();
  for (const issue of parsed.error?.issues ?? []) {
    const variable = String(issue.path[0] ?? "environment");
    if (!seen.has(variable)) seen.set(variable, issue.message);
  }
  for (const p of crossFieldProblems(source)) if (!seen.has(p.variable)) seen.set(p.variable, p.message);
  if (!parsed.success || seen.size > 0) {
    throw new ConfigError([...seen].map(([variable, message]) => ({ variable, message })));
  }
  const e = parsed.data;
  const sandbox = !e.HUBSPOT_CLIENT_ID && !e.ZOOM_CLIENT_ID;
  return {
    env: e.NODE_ENV ?? "development",
    port: e.PORT,
    appBaseUrl: e.APP_BASE_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    sandbox,
    sessionSecret: e.SESSION_SECRET,
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ? Buffer.from(e.TOKEN_ENCRYPTION_KEY, "base64") : undefined,
    hubspot: {
      clientId: e.HUBSPOT_CLIENT_ID,
      clientSecret: e.HUBSPOT_CLIENT_SECRET,
      appId: e.HUBSPOT_APP_ID,
      authorizeUrl: e.HUBSPOT_AUTHORIZE_URL,
      apiBaseUrl: e.HUBSPOT_API_BASE_URL,
      appEvents: e.HUBSPOT_APP_EVENTS,
    },
    support: { email: e.APP_SUPPORT_EMAIL, url: e.APP_SUPPORT_URL, docsUrl: e.APP_DOCS_URL },
    webhookRetentionDays: e.WEBHOOK_RETENTION_DAYS,
    host: e.HOST ?? (sandbox ? "127.0.0.1" : undefined),
    zoom: {
      clientId: e.ZOOM_CLIENT_ID,
      clientSecret: e.ZOOM_CLIENT_SECRET,
      webhookSecretToken: e.ZOOM_WEBHOOK_SECRET_TOKEN,
      oauthBaseUrl: e.ZOOM_OAUTH_BASE_URL,
      apiBaseUrl: e.ZOOM_API_BASE_URL,
    },
    logLevel: e.LOG_LEVEL,
  };
}
