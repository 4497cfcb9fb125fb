import type { Services } from "../services";
import { HubSpotWriter, type WriterOptions } from "./writer";

/**
 * HubSpot calls for one portal outside the sync (install, the workflow action's
 * contact read): plain JSON calls that take their slot of the portal's shared rate
 * budget like every sync call (src/hubspot/writer.ts), with few attempts because
 * someone is waiting for the answer.
 */
export class HubSpotApi {
  private readonly writer: HubSpotWriter;

  constructor(
    readonly portalId: bigint,
    s: Pick<Services, "vault" | "config" | "db">,
    options: WriterOptions = {},
  ) {
    this.writer = new HubSpotWriter(s, portalId, { attempts: 3, ...options });
  }

  request<T>(method: "GET" | "POST" | "PUT" | "PATCH", path: string, options: { json?: unknown; query?: Record<string, string | number | undefined> } = {}) {
    return this.writer.call<T>(method, path, options);
  }
}
