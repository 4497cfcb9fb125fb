import { contactByEmail, createContact, crmOf, HubSpotWorkflowActionSender, liveContacts, type FakeContact } from "@hzw/fakes";
import { ACTION_PATH, REQUESTED_CONTACT_PROPERTIES, workflowActionConfig } from "../workflow-action/definition";
import { SANDBOX_PORTAL_ID } from "./accounts";
import type { Sandbox } from "./sandbox";

/**
 * The sandbox panel's "Run the workflow action": the simulated HubSpot portal executes
 * "Add contact to Zoom webinar" for one of its contacts exactly as HubSpot would — a
 * v3-signed POST (the simulated app's client secret, the URI from APP_BASE_URL) to the
 * app's real ACTION_PATH over HTTP — and the answer is read as HubSpot reads it
 * (CONTRACT.md §3): the execution state and output fields, a retry, or a failed call.
 */

export type ActionContact = { contactId: string } | { firstName: string; lastName: string; email: string };

export interface ActionRunView {
  webinarId: string;
  contact: { id: string; name: string; email: string; created: boolean };
  httpStatus: number;
  /** `hs_execution_state` when the app answered 200 with output fields. */
  state?: string;
  /** The output fields with the action's labels; `link` when the value is a URL to open. */
  outputs: { name: string; label: string; value: string; link: boolean }[];
  /** What HubSpot does with an answer that is not output fields (a retry, a failed call). */
  note?: string;
}

/** The simulated portal's live contacts, for the panel's picker. */
export function portalContacts(sandbox: Sandbox) {
  return liveContacts(crmOf(sandbox.hubspot.portal(SANDBOX_PORTAL_ID))).map(describe);
}

/** The contact, or undefined when the portal has no such live contact. */
export function findPortalContact(sandbox: Sandbox, contactId: string) {
  return portalContacts(sandbox).find((c) => c.id === contactId);
}

export async function runWorkflowAction(sandbox: Sandbox, webinarId: string, who: ActionContact, occurrence: "all" | "next" = "all"): Promise<ActionRunView> {
  const crm = crmOf(sandbox.hubspot.portal(SANDBOX_PORTAL_ID));
  let created = false;
  let contact: FakeContact | undefined;
  if ("contactId" in who) {
    contact = crm.contacts.get(who.contactId);
    if (!contact || contact.archived) throw new Error(`No contact ${who.contactId} in the simulated portal`);
  } else {
    // HubSpot keeps one contact per email: a typed email of an existing contact is that contact.
    contact = contactByEmail(crm, who.email);
    if (!contact) {
      contact = createContact(crm, { firstname: who.firstName, lastname: who.lastName, email: who.email });
      created = true;
    }
  }
  const { config } = sandbox;
  const sender = new HubSpotWorkflowActionSender(config.hubspot.clientSecret, `${sandbox.appUrl}${ACTION_PATH}`, `${config.appBaseUrl}${ACTION_PATH}`);
  const p = contact.properties;
  const answer = await sender.execute({
    portalId: SANDBOX_PORTAL_ID,
    objectId: contact.id,
    // As the action's objectRequestOptions ask: name, email and the usual mapped properties.
    properties: Object.fromEntries(REQUESTED_CONTACT_PROPERTIES.map((name) => [name, p[name] ?? null])),
    inputFields: { webinarId, occurrence },
  });
  return { webinarId, contact: { ...describe(contact), created }, httpStatus: answer.status, ...readAnswer(answer.status, answer.body, answer.retryAfter) };
}

const LABELS: Record<string, string> = workflowActionConfig("").labels.en.outputFieldLabels;

function readAnswer(status: number, body: string, retryAfter: string | null): Pick<ActionRunView, "state" | "outputs" | "note"> {
  if (status === 429) return { outputs: [], note: `The app asked HubSpot to retry later${retryAfter ? ` (after ${retryAfter} s)` : ""}: HubSpot calls the action again, for up to 3 days.` };
  const fields = status === 200 ? outputFieldsOf(body) : undefined;
  if (!fields) return { outputs: [], note: `HubSpot could not use the answer (HTTP ${status}): the action failed for this contact.` };
  const { hs_execution_state: state, ...rest } = fields;
  return {
    state,
    outputs: Object.entries(rest).map(([name, value]) => ({ name, label: LABELS[name] ?? name, value, link: /^https?:\/\//.test(value) })),
  };
}

function outputFieldsOf(body: string): Record<string, string> | undefined {
  try {
    const parsed = JSON.parse(body) as { outputFields?: unknown };
    const fields = parsed.outputFields;
    if (typeof fields !== "object" || fields === null) return undefined;
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  } catch {
    return undefined;
  }
}

function describe(c: FakeContact) {
  const p = c.properties;
  return { id: c.id, name: `${p.firstname ?? ""} ${p.lastname ?? ""}`.trim(), email: p.email ?? "" };
}
