import { z } from "zod";
import { expireZoomAccessToken, zoomConnectionOfPortal } from "../connections/repository/zoom-connections";
import type { TokenVault } from "../connections/vault";
import type { PrismaClient } from "../db/database";
import { expirePortalAccessToken } from "../install/repository/portals";
import { SANDBOX_PORTAL_ID } from "./accounts";
import type { Sandbox } from "./sandbox";
import type { Delivery } from "./simulator";

/**
 * The sandbox panel's "Simulate a problem": each one changes the simulated HubSpot or Zoom
 * as the real one would change, then lets the app find out the way it would (its stored
 * access token counts as expired, so it refreshes at once and meets the refusal), so the
 * connection banner and the audit log can be tried without waiting an hour.
 */
export const problem = z.enum(["revoke-hubspot", "revoke-zoom", "deauthorize-zoom", "wrong-secret", "reset"]);
export type Problem = z.infer<typeof problem>;

export interface ProblemDeps {
  db: { prisma: PrismaClient };
  vault: Pick<TokenVault, "getHubSpotAccessToken" | "getZoomAccessToken">;
}

const PORTAL = BigInt(SANDBOX_PORTAL_ID);

export async function simulateProblem(s: ProblemDeps, sandbox: Sandbox, which: Problem): Promise<{ text: string; deliveries: Delivery[] }> {
  switch (which) {
    case "revoke-hubspot":
      sandbox.hubspot.uninstall(SANDBOX_PORTAL_ID);
      await checkHubSpot(s);
      return { text: "The simulated HubSpot revoked the app's tokens.", deliveries: [] };
    case "revoke-zoom":
      sandbox.zoom.revokeAll();
      await checkZoom(s);
      return { text: "The simulated Zoom revoked the app's tokens.", deliveries: [] };
    case "deauthorize-zoom":
      return { text: "The app was removed from the simulated Zoom account.", deliveries: await sandbox.simulator.deauthorize() };
    case "wrong-secret":
      sandbox.hubspot.refuseClient = sandbox.zoom.refuseClient = true;
      await Promise.all([checkHubSpot(s), checkZoom(s)]);
      return { text: "The simulated HubSpot and Zoom refuse the app's client secret (invalid_client).", deliveries: [] };
    case "reset":
      sandbox.hubspot.refuseClient = sandbox.zoom.refuseClient = false;
      await Promise.all([checkHubSpot(s), checkZoom(s)]);
      return { text: "The simulated services accept the app's client secret again; revoked access comes back with Install again or Reconnect Zoom.", deliveries: [] };
  }
}

/** The app refreshes its HubSpot token now; a refusal is recorded by the vault (uninstalled, operator alert). */
async function checkHubSpot(s: ProblemDeps) {
  await expirePortalAccessToken(s.db.prisma, PORTAL);
  await s.vault.getHubSpotAccessToken(PORTAL).catch(() => undefined);
}

async function checkZoom(s: ProblemDeps) {
  const connection = await zoomConnectionOfPortal(s.db.prisma, PORTAL);
  if (connection?.status !== "active") return;
  await expireZoomAccessToken(s.db.prisma, PORTAL);
  await s.vault.getZoomAccessToken(connection.id).catch(() => undefined);
}
