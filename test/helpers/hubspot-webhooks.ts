import { signV3 } from "@hzw/fakes";

export { signV3 };

/**
 * HubSpot's side of webhooks, written from HubSpot's documentation and independent of
 * the app's verifier: events in HubSpot's shape, and a sender that POSTs a JSON array
 * of them signed as HubSpot does (v3):
 * `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(client secret, METHOD + URI + body + timestamp)),
 * `X-HubSpot-Request-Timestamp` in epoch milliseconds.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 * (`signV3` is the fakes' own, @hzw/fakes.)
 */
export interface HubSpotEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId?: number;
  changeSource?: string;
  [field: string]: unknown;
}

let nextEventId = 1_000;

export function hubspotEvent(portalId: number, subscriptionType: string, objectId: number | string, fields: Partial<HubSpotEvent> = {}): HubSpotEvent {
  return {
    eventId: nextEventId++,
    subscriptionId: subscriptionType === "contact.privacyDeletion" ? 4101 : 4102,
    portalId,
    appId: 4242,
    occurredAt: Date.now(),
    subscriptionType,
    attemptNumber: 0,
    objectId: Number(objectId),
    changeSource: "GDPR",
    ...fields,
  };
}

export interface SendOptions {
  /** Epoch ms; now by default. */
  timestamp?: number;
  /** Replaces the v3 signature; null leaves the header out. */
  signature?: string | null;
  /** Extra headers (e.g. a v2 signature). */
  headers?: Record<string, string>;
  secret?: string;
}

export class HubSpotWebhookSender {
  /** `appUrl` is where the request goes, `signedBase` what HubSpot signs (APP_BASE_URL). */
  constructor(
    private readonly secret: string,
    private readonly appUrl: string,
    private readonly signedBase = appUrl,
    readonly path = "/webhooks/hubspot",
  ) {}

  /** POSTs events (or exact bytes), as HubSpot does. */
  async send(events: HubSpotEvent[] | string, options: SendOptions = {}): Promise<{ status: number; body: string }> {
    const body = typeof events === "string" ? events : JSON.stringify(events);
    const timestamp = options.timestamp ?? Date.now();
    const signature = options.signature === undefined ? signV3(options.secret ?? this.secret, "POST", this.signedBase + this.path, body, timestamp) : options.signature;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-hubspot-request-timestamp": String(timestamp),
      ...options.headers,
    };
    if (signature !== null) headers["x-hubspot-signature-v3"] = signature;
    const res = await fetch(this.appUrl + this.path, { method: "POST", headers, body });
    return { status: res.status, body: await res.text() };
  }
}
