import { buildEmbeddedTemplate } from "./database";

/** Builds the migrated embedded-database template once per run (first open of PGlite is slow). */
export default async function globalSetup() {
  await buildEmbeddedTemplate();
}
