import path from "node:path";
import express, { type Express } from "express";
import helmet from "helmet";
import { startBackfillOnConnect } from "./backfill/backfill";
import { backfillApiRoutes } from "./backfill/routes";
import { isDatabaseReachable } from "./db/database";
import { PROJECT_ROOT } from "./lib/paths";
import { formBody, jsonBody, refuseOversizedBodies, requireJsonOnApiPaths } from "./http/body";
import { errorHandler, notFoundHandler } from "./http/errors";
import { requestContext } from "./http/request-context";
import { healthBannerLocals } from "./install/health";
import { installRoutes, sessionApiRoutes } from "./install/routes";
import { requireCsrf, requireSession, sessionMiddleware } from "./install/session";
import type { Services } from "./services";
import { pageRoutes } from "./settings/pages";
import { settingsApiRoutes } from "./settings/api";
import { refuseUnsignedWebhooks } from "./webhooks/early-check";
import { webhookRoutes } from "./webhooks/routes";
import { hubspotWebhookRoutes } from "./hubspot-webhooks/routes";
import { syncApiRoutes } from "./sync/routes";
import { chartPageRoutes, chartsApiRoutes, vendorRoutes } from "./insights/routes";
import { latestRunsReader } from "./sync/runs-view";
import { questionsApiRoutes } from "./questions/routes";
import { questionPageRoutes } from "./questions/pages";
import { ACTION_PATH, OPTIONS_PATH } from "./workflow-action/definition";
import { workflowActionRoutes } from "./workflow-action/routes";

export type AppDeps = Services;

/** Machine-to-machine paths: signed by HubSpot or Zoom, never a browser session. */
const SESSIONLESS = /^\/(webhooks|hubspot|healthz|public|sandbox\/(hubspot|zoom))(\/|$)/;

const ROOT = PROJECT_ROOT;

/** Builds the Express app. It never listens: src/main.ts (or a test) does. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", new URL(deps.config.appBaseUrl).protocol === "https:" ? 1 : false);
  app.set("views", path.join(ROOT, "views"));
  app.set("view engine", "ejs");
  app.locals.sandbox = deps.config.mode === "sandbox";

  app.use(requestContext(deps.logger));
  app.use(helmet());
  // Refusals that need no body come before the body parsers, so such a body is never read.
  app.use(refuseOversizedBodies);
  app.use(requireJsonOnApiPaths);
  app.use(refuseUnsignedWebhooks(deps.config, [ACTION_PATH, OPTIONS_PATH]));
  app.use(jsonBody);
  app.use(formBody);
  app.use("/public", express.static(path.join(ROOT, "public"), { maxAge: "1h" }));
  app.use(vendorRoutes());
  // Pages link /public/favicon.svg; what asks for the old default path gets it too.
  app.get("/favicon.ico", (_req, res) => res.type("image/svg+xml").sendFile(path.join(ROOT, "public/favicon.svg"), { maxAge: "1h" }));

  app.get("/healthz", async (_req, res) => {
    const ok = await isDatabaseReachable(deps.db);
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "unavailable" });
  });

  // Sandbox mode: the simulated HubSpot and Zoom consent pages and OAuth endpoints.
  deps.sandbox?.mount(app);

  const sessions = sessionMiddleware({
    store: deps.sessionStore,
    secret: deps.secrets.sessionSecret,
    secure: deps.config.appBaseUrl.startsWith("https:"),
  });
  app.use((req, res, next) => (SESSIONLESS.test(req.path) ? next() : sessions(req, res, next)));

  // Connecting Zoom starts a backfill of its past webinars, in the transaction that stores the connection.
  const onZoomConnected = (tx: Parameters<typeof startBackfillOnConnect>[1], c: { id: string; portalId: bigint }) =>
    startBackfillOnConnect(deps.queue, tx, c, deps.config.backfillOnConnectDays);
  app.use(installRoutes({ ...deps, onZoomConnected }));
  app.use(["/settings", "/sandbox"], healthBannerLocals(deps.db));
  app.use(pageRoutes(deps));
  app.use(chartPageRoutes(deps));
  app.use(questionPageRoutes(deps));
  if (deps.sandbox) app.use(deps.sandbox.panelRoutes(deps));

  const api = express.Router();
  api.use(requireSession("api"), requireCsrf);
  api.use(sessionApiRoutes(deps));
  api.use(settingsApiRoutes({ ...deps, latestRuns: latestRunsReader(deps.db.sql) }));
  api.use(syncApiRoutes({ db: deps.db, queue: deps.queue }));
  api.use(chartsApiRoutes(deps));
  api.use(questionsApiRoutes(deps));
  api.use(backfillApiRoutes({ db: deps.db, queue: deps.queue }));
  app.use("/api", api);
  app.use(webhookRoutes(deps));
  app.use(hubspotWebhookRoutes({ config: deps.config, db: deps.db, queue: deps.queue }));

  app.use(workflowActionRoutes(deps));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
