import { ACTION_ERROR_CODES, OCCURRENCE_CHOICES, type ActionOutput, type OccurrenceChoice } from "./schemas";

/**
 * The workflow action "Add contact to Zoom webinar" (CONTRACT.md §3), declared once: the
 * routes serve ACTION_PATH and OPTIONS_PATH, and `npm run hubspot:project` writes
 * `workflowActionConfig` as `src/app/workflow-actions/<ACTION_UID>-hsmeta.json`
 * (reference platform-2026 §A3).
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/custom-workflow-actions
 *
 * Not confirmed (README "Known unknowns"): `typeDefinition.optionsUrl`, `outputFields`,
 * `objectRequestOptions` and `executionRules` are fields of HubSpot's action definition
 * API (Automation Actions 2026-09, PublicActionDefinitionEgg), but HubSpot's own hsmeta
 * templates do not show them; only third-party guides put them in the project file.
 */

export const ACTION_NAME = "Add contact to Zoom webinar";
/** The app's name in HubSpot: on the action card and in the project's app component. */
export const APP_DISPLAY_NAME = "Zoom Webinars";
/** Project component uid (≤ 64 of `[A-Za-z0-9_.-]`) and the file name `<uid>-hsmeta.json`. */
export const ACTION_UID = "add_contact_to_zoom_webinar";
export const ACTION_PATH = "/hubspot/actions/add-to-webinar";
export const OPTIONS_PATH = `${ACTION_PATH}/options`;

type KeysOf<T> = T extends unknown ? keyof T : never;
/** What the action answers besides `hs_execution_state` (HubSpot's own field). */
export type ActionOutputField = Exclude<KeysOf<ActionOutput>, "hs_execution_state">;
export const OUTPUT_FIELDS = ["zoom_registrant_id", "zoom_join_url", "error_code", "error_message"] as const satisfies readonly ActionOutputField[];

interface ActionLabels {
  actionName: string;
  appDisplayName: string;
  actionDescription: string;
  actionCardContent: string;
  inputFieldLabels: { webinarId: string; occurrence: string };
  inputFieldDescriptions: { webinarId: string; occurrence: string };
  inputFieldOptionLabels: { occurrence: Record<OccurrenceChoice, string> };
  outputFieldLabels: Record<ActionOutputField, string>;
  executionRules: { refused: string };
}

/** `en` is required by HubSpot; German is offered too (CONTRACT.md §9). */
const LABELS: { en: ActionLabels; de: ActionLabels } = {
  en: {
    actionName: ACTION_NAME,
    appDisplayName: APP_DISPLAY_NAME,
    actionDescription:
      "Registers the enrolled contact (first name, last name and email) for a Zoom webinar of the connected Zoom account. Webinar hosts are never registered.",
    actionCardContent: "Register the contact for Zoom webinar {{webinarId}}",
    inputFieldLabels: { webinarId: "Zoom webinar", occurrence: "Occurrences" },
    inputFieldDescriptions: {
      webinarId: "Pick an upcoming webinar, or use a contact property that holds a webinar id (spaces and dashes are ignored).",
      occurrence: "For a recurring webinar: register for all its occurrences (default) or only the next one that has not started.",
    },
    inputFieldOptionLabels: { occurrence: { all: "All occurrences", next: "Next occurrence only" } },
    outputFieldLabels: {
      zoom_registrant_id: "Zoom registrant id",
      zoom_join_url: "Zoom join link",
      error_code: "Error code",
      error_message: "Error message",
    },
    // The refusal's own words (e.g. "Webinar host cannot register for the webinar") in the workflow history.
    executionRules: { refused: "{{error_message}}" },
  },
  de: {
    actionName: "Kontakt für Zoom-Webinar anmelden",
    appDisplayName: APP_DISPLAY_NAME,
    actionDescription:
      "Meldet den eingeschriebenen Kontakt (Vorname, Nachname und E-Mail-Adresse) für ein Webinar des verbundenen Zoom-Kontos an. Webinar-Hosts werden nie angemeldet.",
    actionCardContent: "Kontakt für Zoom-Webinar {{webinarId}} anmelden",
    inputFieldLabels: { webinarId: "Zoom-Webinar", occurrence: "Termine" },
    inputFieldDescriptions: {
      webinarId:
        "Wählen Sie ein bevorstehendes Webinar oder eine Kontakteigenschaft, die eine Webinar-ID enthält (Leerzeichen und Bindestriche werden ignoriert).",
      occurrence:
        "Für ein wiederkehrendes Webinar: für alle Termine anmelden (Standard) oder nur für den nächsten, der noch nicht begonnen hat.",
    },
    inputFieldOptionLabels: { occurrence: { all: "Alle Termine", next: "Nur der nächste Termin" } },
    outputFieldLabels: {
      zoom_registrant_id: "Zoom-Registranten-ID",
      zoom_join_url: "Zoom-Teilnahmelink",
      error_code: "Fehlercode",
      error_message: "Fehlermeldung",
    },
    executionRules: { refused: "{{error_message}}" },
  },
};

/** The contact properties HubSpot sends with each execution (`objectRequestOptions`). */
export const REQUESTED_CONTACT_PROPERTIES = [
  "firstname", "lastname", "email", "jobtitle", "company", "phone", "country", "city", "state", "zip", "address", "industry",
] as const;

/** The `config` of the action's hsmeta file for a deployment reachable at `appBaseUrl`. */
export function workflowActionConfig(appBaseUrl: string) {
  return {
    actionUrl: `${appBaseUrl}${ACTION_PATH}`,
    // Published: visible in every portal that installs the app, not only the developer's.
    isPublished: true,
    supportedClients: [{ client: "WORKFLOWS" }],
    objectTypes: ["CONTACT"],
    // HubSpot sends these with each execution, which saves a contact read per call: the
    // name and email, and the properties registration questions are most often mapped to
    // (another mapped property is read from HubSpot, src/workflow-action/contact.ts).
    objectRequestOptions: { properties: [...REQUESTED_CONTACT_PROPERTIES] },
    inputFields: [
      {
        typeDefinition: {
          name: "webinarId",
          type: "enumeration",
          fieldType: "select",
          // The connected account's upcoming webinars (CONTRACT.md §3).
          optionsUrl: `${appBaseUrl}${OPTIONS_PATH}`,
        },
        // A webinar picked from the list, or a contact property holding a webinar id.
        supportedValueTypes: ["STATIC_VALUE", "OBJECT_PROPERTY"],
        isRequired: true,
      },
      {
        // Recurring webinars (CONTRACT.md §11): all occurrences (the default when left empty) or the next one.
        typeDefinition: {
          name: "occurrence",
          type: "enumeration",
          fieldType: "select",
          options: OCCURRENCE_CHOICES.map((value) => ({ value, label: LABELS.en.inputFieldOptionLabels.occurrence[value] })),
        },
        supportedValueTypes: ["STATIC_VALUE"],
        isRequired: false,
      },
    ],
    outputFields: OUTPUT_FIELDS.map((name) => ({ typeDefinition: { name, type: "string", fieldType: "text" } })),
    executionRules: [{ labelName: "refused", conditions: { error_code: [...ACTION_ERROR_CODES] } }],
    labels: LABELS,
  };
}
