import type { Database } from "../db/database";
import type { Logger } from "../lib/logger";
import type { OAuthProvider } from "./oauth-errors";

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
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async record(provider: OAuthProvider, code: string, message: string) {
    const [row] = await this.db.sql.query<{ opened: boolean }>(
      `INSERT INTO operator_alerts (provider, code, message, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, now(), now())
       ON CONFLICT (provider) DO UPDATE SET
         code = EXCLUDED.code,
         message = EXCLUDED.message,
         first_seen_at = CASE
           WHEN operator_alerts.resolved_at IS NOT NULL
             OR operator_alerts.last_seen_at < now() - make_interval(secs => $4::double precision)
           THEN EXCLUDED.first_seen_at ELSE operator_alerts.first_seen_at END,
         last_seen_at = EXCLUDED.last_seen_at,
         resolved_at = NULL
       RETURNING first_seen_at = last_seen_at AS opened`,
      [provider, code, message.slice(0, 500), ALERT_QUIET_GAP_MS / 1000],
    );
    if (row?.opened) {
      this.logger.error(
        { provider, code, providerMessage: message },
        `${provider === "zoom" ? "Zoom" : "HubSpot"} refused the app's own OAuth credentials (${code}): check the client id and secret in the configuration; no customer was asked to reconnect`,
      );
    }
  }

  /** A refresh with this provider succeeded: its configuration works again. */
  async resolve(provider: OAuthProvider) {
    await this.db.sql.query(`UPDATE operator_alerts SET resolved_at = now() WHERE provider = $1 AND resolved_at IS NULL`, [provider]);
  }

  /** Unresolved alerts, for the settings page. */
  async open(): Promise<OperatorAlertRow[]> {
    const rows = await this.db.prisma.operatorAlert.findMany({ where: { resolvedAt: null }, orderBy: { provider: "asc" } });
    return rows.map(({ provider, code, message, firstSeenAt, lastSeenAt }) => ({ provider, code, message, firstSeenAt, lastSeenAt }));
  }
}
