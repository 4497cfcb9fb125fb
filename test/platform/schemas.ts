import fs from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * Our JSON Schemas of HubSpot's project components and of the Zoom manifest
 * (test/platform/schemas/*.json, written from reference/platform-2026.md §A and §C1).
 * HubSpot's parser checks structure only (reference §A10); these add the component rules.
 */
export type SchemaName = "hsproject" | "app" | "workflow-action" | "webhooks" | "app-event" | "zoom-manifest";

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  if (!compiled.has(name)) {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "schemas", `${name}.schema.json`), "utf8"));
    compiled.set(name, ajv.compile(schema));
  }
  return compiled.get(name)!;
}

/** The schema's complaints about `value` ("<path> <message>"), none when it passes. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const validate = validator(name);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** Which schema a project file answers to, by where it lives (reference §A1). */
export function schemaForProjectFile(file: string): SchemaName {
  if (file === "hsproject.json") return "hsproject";
  if (file === "src/app/app-hsmeta.json") return "app";
  if (file.startsWith("src/app/workflow-actions/")) return "workflow-action";
  if (file.startsWith("src/app/webhooks/")) return "webhooks";
  if (file.startsWith("src/app/app-events/")) return "app-event";
  throw new Error(`no schema for ${file}`);
}
