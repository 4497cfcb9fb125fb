import { Client } from "@hubspot/api-client";
import type { Config } from "../config";
import type { TokenVault } from "../connections/vault";
import { httpRequest, type HttpRequest, type RetryPolicy } from "../lib/http-client";

/**
 * HubSpot calls for one portal (base `HUBSPOT_API_BASE_URL`). `request` is a plain JSON
 * call with retries on 429/5xx (Retry-After honoured); `sdk()` gives
 * `@hubspot/api-client` pointed at the same base URL for the endpoints it covers well.
 */
export class HubSpotApi {
  constructor(
    readonly portalId: bigint,
    private readonly vault: TokenVault,
    private readonly config: Config,
    private readonly retry: Partial<RetryPolicy> = {},
  ) {}

  async request<T>(method: NonNullable<HttpRequest["method"]>, path: string, options: Omit<HttpRequest, "url" | "method"> = {}) {
    const token = await this.vault.getHubSpotAccessToken(this.portalId);
    const res = await httpRequest<T>(
      {
        ...options,
        method,
        url: `${this.config.hubspot.apiBaseUrl}${path}`,
        headers: { ...options.headers, authorization: `Bearer ${token}` },
      },
      // HubSpot's ten-second window: a 429 waits for it rather than for a short backoff.
      { maxRetryAfterMs: 11_000, ...this.retry },
    );
    return res.body;
  }

  async sdk(): Promise<Client> {
    const accessToken = await this.vault.getHubSpotAccessToken(this.portalId);
    return new Client({ accessToken, basePath: this.config.hubspot.apiBaseUrl, numberOfApiCallRetries: 3 });
  }
}
