// Reads a generated HubSpot project with HubSpot's own parser (@hubspot/project-parsing-lib,
// the code `hs project upload` runs before uploading) and prints what it understood as
// JSON: node run from test/platform/hubspot-project.test.ts, since the library is ESM-only.
// Usage: node parse-project.mjs <projectDir>
import path from "node:path";
import { Components, INTERNAL_TYPE_TO_USER_FACING } from "@hubspot/project-parsing-lib/constants";
import { getProjectMetadata, parseProjectConfig } from "@hubspot/project-parsing-lib/projects";
import { translate } from "@hubspot/project-parsing-lib/translate";
import { validateUid } from "@hubspot/project-parsing-lib/uid";

const projectDir = process.argv[2];
const config = parseProjectConfig(projectDir); // throws on a missing field or srcDir
const projectSourceDir = path.join(projectDir, config.srcDir);
const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
  { projectSourceDir, platformVersion: config.platformVersion },
  { skipValidation: true },
);
const metadata = await getProjectMetadata(projectSourceDir);
// The folder (under srcDir) that HubSpot expects a component type in.
const folderOf = (componentType) => {
  const type = (INTERNAL_TYPE_TO_USER_FACING[componentType] ?? componentType).toLowerCase().replace(/_/g, "-");
  const c = Components[type];
  return c ? (c.parentComponent ? `${c.parentComponent}/${c.dir}` : c.dir) : null;
};
const nodes = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid).map((node) => ({
  uid: node.uid,
  componentType: node.componentType,
  metaFilePath: node.metaFilePath,
  expectedFolder: folderOf(node.componentType),
  app: node.componentDeps?.app ?? null,
  uidProblem: validateUid(node.uid) ?? null,
  config: node.config,
}));
const tooMany = Object.entries(metadata.components)
  .filter(([, m]) => m.count > m.maxCount)
  .map(([type]) => type);
process.stdout.write(JSON.stringify({ config, nodes, skippedHsMetaFiles, tooMany }));
