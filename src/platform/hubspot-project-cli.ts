import fs from "node:fs";
import path from "node:path";
import dotenv from "dotenv";
import { ConfigError } from "../config";
import { deploymentSettings } from "./deployment";
import { hubspotProjectFiles, renderJson, type ProjectFiles } from "./hubspot-project";
import { checkPublicBaseUrl } from "./public-url";

/**
 * `npm run hubspot:project [-- --out DIR] [-- --app-events]` (CONTRACT.md §9): writes the
 * HubSpot project of this deployment into DIR (default `hubspot-project/`), ready for
 * `hs project upload`. App events are declared with `--app-events` or
 * HUBSPOT_APP_EVENTS=true.
 */

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

interface Options {
  out: string;
  appEvents: boolean;
}

const USAGE = "usage: npm run hubspot:project [-- --out DIR] [-- --app-events]";

export function parseArgs(argv: string[]): Options | { error: string } {
  const options: Options = { out: "hubspot-project", appEvents: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = argv[i + 1];
    if (arg === "--app-events") options.appEvents = true;
    else if (arg === "--out" && value && !value.startsWith("--")) {
      options.out = value;
      i++;
    }
    else if (arg.startsWith("--out=") && arg.length > "--out=".length) options.out = arg.slice("--out=".length);
    else return { error: arg === "--out" ? "--out needs a folder" : `unknown argument ${arg}` };
  }
  return options;
}

/**
 * Writes the files, and removes the hsmeta files of an earlier run that are not part of
 * this one (e.g. app events, after a run without them), since `hs project upload` would
 * upload whatever hsmeta file it finds. Nothing else in DIR is touched.
 */
export function writeProject(dir: string, files: ProjectFiles): { written: string[]; removed: string[] } {
  const wanted = new Set(Object.keys(files).map((f) => path.join(dir, f)));
  const removed: string[] = [];
  const appDir = path.join(dir, "src", "app");
  if (fs.existsSync(appDir)) {
    for (const entry of fs.readdirSync(appDir, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && entry.name.endsWith("-hsmeta.json") && !wanted.has(file)) {
        fs.rmSync(file);
        removed.push(path.relative(dir, file).split(path.sep).join("/"));
      }
    }
  }
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, renderJson(content));
  }
  return { written: Object.keys(files), removed };
}

/** The whole command; returns the exit code. */
export function runHubSpotProject(argv: string[], env: NodeJS.ProcessEnv, cwd: string, io: Io): number {
  const options = parseArgs(argv);
  if ("error" in options) {
    io.stderr(`hubspot:project: ${options.error}\n${USAGE}`);
    return 1;
  }
  let settings;
  try {
    settings = deploymentSettings(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`hubspot:project: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const url = checkPublicBaseUrl(settings.appBaseUrl);
  if (!url.ok) {
    io.stderr(`hubspot:project: refused. ${url.reason}`);
    return 1;
  }
  const appEvents = options.appEvents || settings.appEvents;
  const dir = path.resolve(cwd, options.out);
  const { written, removed } = writeProject(dir, hubspotProjectFiles({ ...settings, appEvents }));

  io.stdout(`HubSpot project for ${settings.appBaseUrl} written to ${dir}:`);
  for (const file of written) io.stdout(`  ${file}`);
  for (const file of removed) io.stdout(`  removed ${file} (not part of this project any more)`);
  if (url.local) {
    io.stderr(
      `note: ${settings.appBaseUrl} is this machine: HubSpot cannot reach it for the workflow action and webhooks. ` +
        "Use a public https:// APP_BASE_URL for a real install.",
    );
  }
  if (appEvents) {
    io.stdout("App events declared: they need HubSpot's approval, and the project must have been deployed once without them.");
  } else {
    io.stdout("App events not declared (pass --app-events or set HUBSPOT_APP_EVENTS=true once HubSpot has approved them).");
  }
  const shown = path.relative(cwd, dir);
  io.stdout(`Next step: cd ${shown === "" ? "." : shown.startsWith("..") ? dir : shown} && hs project upload`);
  return 0;
}

if (require.main === module) {
  dotenv.config({ quiet: true });
  // npm runs scripts from the package folder; a relative --out is meant from where the user typed the command.
  process.exitCode = runHubSpotProject(process.argv.slice(2), process.env, process.env.INIT_CWD || process.cwd(), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
}
