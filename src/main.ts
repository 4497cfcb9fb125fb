import dotenv from "dotenv";
import { ConfigError, loadConfig, obsoleteVariablesSet } from "./config";
import { createLogger, logFormatFor } from "./lib/logger";
import { startRuntime, type Role } from "./runtime";

/**
 * `node dist/src/main.js [all|web|worker]`. `all` (npm start) serves HTTP and works
 * jobs in one process; `web` and `worker` split them so several machines can share one
 * PostgreSQL.
 */
async function main() {
  dotenv.config({ quiet: true });
  const role = parseRole(process.argv[2]);
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, format: logFormatFor(process.stdout) });
  logger.info(
    { role, database: config.databaseUrl ? "postgres" : `embedded (${config.dataDir})`, sandbox: config.mode === "sandbox" },
    "starting",
  );
  const obsolete = obsoleteVariablesSet();
  if (obsolete.length > 0) {
    logger.warn({ variables: obsolete }, `No longer used (legacy HubSpot app): ${obsolete.join(", ")}; see README "Upgrading from a legacy HubSpot app"`);
  }
  const runtime = await startRuntime(config, logger, role).catch((err: unknown) => {
    const { message, code } = err as Error & { code?: string };
    logger.fatal({ err: { message, code } }, "could not start");
    process.exit(1);
  });
  if (runtime.url) {
    const fields = { url: runtime.url, publicUrl: config.appBaseUrl, address: runtime.server?.address() };
    // The one line a person starting the app reads (also in JSON): where to open it.
    logger.info(fields, config.mode === "sandbox" ? `Open ${runtime.url} — sandbox mode (simulated HubSpot and Zoom)` : `Open ${config.appBaseUrl} (listening on ${runtime.url})`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    const force = setTimeout(() => {
      logger.error("did not stop within 20 s; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    runtime.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function parseRole(arg: string | undefined): Role {
  if (arg === undefined || arg === "all" || arg === "web" || arg === "worker") return arg ?? "all";
  process.stderr.write(`Unknown role "${arg}": use all, web or worker\n`);
  process.exit(1);
}

void main();
