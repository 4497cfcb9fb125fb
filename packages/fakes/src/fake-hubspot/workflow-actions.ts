import { createHmac, randomUUID } from "node:crypto";

/**
 * HubSpot's side of a custom workflow action: the execution request HubSpot POSTs to the
 * action's `actionUrl`, signed as HubSpot signs it (v3):
 * `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(client secret, METHOD + URI + body + timestamp)),
 * `X-HubSpot-Request-Timestamp` in epoch milliseconds; the URI is the action's public URL.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 * Body (Automation Actions v4):
 * https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/custom-action-reference
 */
export function signV3(secret: string, method: string, uri: string, body: string, timestamp: number | string): string {
  return createHmac("sha256", secret).update(`${method}${uri}${body}${timestamp}`, "utf8").digest("base64");
}

export interface WorkflowActionExecution {
  portalId: number;
  /** The enrolled contact; `properties` are those the action asked for (objectRequestOptions). */
  objectId: string;
  properties: Record<string, string | null>;
  inputFields: Record<string, string>;
  actionDefinitionId?: number;
  workflowId?: number;
}

export interface WorkflowActionAnswer {
  status: number;
  body: string;
  retryAfter: string | null;
  callbackId: string;
}

export class HubSpotWorkflowActionSender {
  constructor(
    private readonly clientSecret: string,
    /** Where the request goes (the app's loopback address and the action's path). */
    private readonly url: string,
    /** What HubSpot signs: the action's public URL (`actionUrl`). */
    private readonly signedUrl = url,
  ) {}

  /** One execution of the action for one enrolled contact, as HubSpot sends it. */
  async execute(run: WorkflowActionExecution): Promise<WorkflowActionAnswer> {
    const callbackId = `ap-${randomUUID()}`;
    const body = JSON.stringify({
      callbackId,
      origin: { portalId: run.portalId, actionDefinitionId: run.actionDefinitionId ?? 1, actionDefinitionVersion: 1, actionExecutionIndexIdentifier: null },
      context: { source: "WORKFLOWS", workflowId: run.workflowId ?? 1 },
      object: { objectId: Number(run.objectId), objectType: "CONTACT", properties: run.properties },
      inputFields: run.inputFields,
    });
    const timestamp = Date.now();
    const res = await fetch(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hubspot-request-timestamp": String(timestamp),
        "x-hubspot-signature-v3": signV3(this.clientSecret, "POST", this.signedUrl, body, timestamp),
      },
      body,
    });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get("retry-after"), callbackId };
  }
}
