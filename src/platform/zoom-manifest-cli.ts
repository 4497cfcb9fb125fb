import dotenv from "dotenv";
import { ConfigError } from "../config";
import { deploymentSettings } from "./deployment";
import type { Io } from "./hubspot-project-cli";
import { checkPublicBaseUrl } from "./public-url";
import { zoomManifest } from "./zoom-manifest";

/**
 * `npm run zoom:manifest` (CONTRACT.md §9): prints the Zoom General app manifest of this
 * deployment on stdout (`npm run --silent zoom:manifest > zoom-manifest.json` keeps npm's
 * own lines out), to paste into Zoom's build flow ("Create from manifest"). Messages go to
 * stderr.
 */
export function runZoomManifest(argv: string[], env: NodeJS.ProcessEnv, io: Io): number {
  if (argv[0] !== undefined) {
    io.stderr(`zoom:manifest: unknown argument ${argv[0]}\nusage: npm run --silent zoom:manifest > zoom-manifest.json`);
    return 1;
  }
  let appBaseUrl;
  try {
    appBaseUrl = deploymentSettings(env).appBaseUrl;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`zoom:manifest: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const url = checkPublicBaseUrl(appBaseUrl);
  if (!url.ok) {
    io.stderr(`zoom:manifest: refused. ${url.reason}`);
    return 1;
  }
  io.stdout(JSON.stringify(zoomManifest(appBaseUrl), null, 2));
  if (url.local) io.stderr(`note: ${appBaseUrl} is this machine: Zoom cannot deliver webhooks to it.`);
  io.stderr(
    "Next step: in Zoom's App Marketplace, Develop › Build App › General app, import this manifest; " +
      "then set ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (App Credentials) and ZOOM_WEBHOOK_SECRET_TOKEN (Features › Access).",
  );
  return 0;
}

if (require.main === module) {
  dotenv.config({ quiet: true });
  process.exitCode = runZoomManifest(process.argv.slice(2), process.env, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
}
