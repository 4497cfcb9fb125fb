import path from "node:path";
import express, { type Express } from "express";
import helmet from "helmet";
import type { Config } from "./config";
import type { Database } from "./db/database";
import { isDatabaseReachable } from "./db/database";
import type { Logger } from "./lib/logger";
import { PROJECT_ROOT } from "./lib/paths";
import { formBody, jsonBody, requireJsonOnApiPaths } from "./http/body";
import { errorHandler, notFoundHandler } from "./http/errors";
import { requestContext } from "./http/request-context";

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
}

const ROOT = PROJECT_ROOT;

/** Builds the Express app. It never listens: src/main.ts (or a test) does. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", new URL(deps.config.appBaseUrl).protocol === "https:" ? 1 : false);
  app.set("views", path.join(ROOT, "views"));
  app.set("view engine", "ejs");

  app.use(requestContext(deps.logger));
  app.use(helmet());
  app.use(requireJsonOnApiPaths);
  app.use(jsonBody);
  app.use(formBody);
  app.use("/public", express.static(path.join(ROOT, "public"), { maxAge: "1h" }));

  app.get("/healthz", async (_req, res) => {
    const ok = await isDatabaseReachable(deps.db);
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "unavailable" });
  });

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
