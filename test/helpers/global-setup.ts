import { buildEmbeddedTemplate } from "./database";
import { openCallLog } from "./suite-calls";

/**
 * Builds the migrated embedded-database template once per run (first open of PGlite is
 * slow), and opens the run's log of calls to the fakes (checked by global-teardown.ts).
 */
export default async function globalSetup() {
  openCallLog();
  await buildEmbeddedTemplate();
}
