import type { PrismaClient } from "../db/database";
import type { Sql } from "../db/sql";
import type { Logger } from "../lib/logger";
import type { OAuthProvider } from "./oauth-errors";
import { openOperatorAlerts, recordOperatorAlert, resolveOperatorAlert } from "./repository/operator-alerts";

/**
 * Problems of the operator's own configuration seen at HubSpot or Zoom (wrong client id
 * or secret, app disabled): one operator_alerts row per provider with HubSpot's or
 * Zoom's words and when it was seen, for the settings page to show. Logged at error
 * level once per run of failures: a run ends after a success or 15 minutes without one.
 */
export const ALERT_QUIET_GAP_MS = 15 * 60 * 1000;

export interface OperatorAlertRow {
  provider: string;
  code: string;
  message: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export class OperatorAlerts {
  constructor(
    private readonly db: { sql: Sql; prisma: Pick<PrismaClient, "operatorAlert"> },
    private readonly logger: Logger,
  ) {}

  async record(provider: OAuthProvider, code: string, message: string) {
    const opened = await recordOperatorAlert(this.db.sql, { provider, code, message: message.slice(0, 500), quietGapSeconds: ALERT_QUIET_GAP_MS / 1000 });
    if (opened) {
      this.logger.error(
        { provider, code, providerMessage: message },
        `${provider === "zoom" ? "Zoom" : "HubSpot"} refused the app's own OAuth credentials (${code}): check the client id and secret in the configuration; no customer was asked to reconnect`,
      );
    }
  }

  /** A refresh with this provider succeeded: its configuration works again. */
  async resolve(provider: OAuthProvider) {
    await resolveOperatorAlert(this.db.sql, provider);
  }

  /** Unresolved alerts, for the settings page. */
  async open(): Promise<OperatorAlertRow[]> {
    const rows = await openOperatorAlerts(this.db.prisma);
    return rows.map(({ provider, code, message, firstSeenAt, lastSeenAt }) => ({ provider, code, message, firstSeenAt, lastSeenAt }));
  }
}
