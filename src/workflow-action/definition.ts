import { ACTION_ERROR_CODES } from "./schemas";

/**
 * What `npm run hubspot:register` tells HubSpot: the action definition (Automation
 * Actions v4, reference §B2) and the timeline event templates (reference §B4).
 * https://developers.hubspot.com/docs/api-reference/latest/automation/workflow-actions/definitions/create-action-definition
 */

export const ACTION_NAME = "Add contact to Zoom webinar";

const outputField = (name: string) => ({
  typeDefinition: { name, type: "string", fieldType: "text" },
  supportedValueTypes: ["STATIC_VALUE"],
});

export function actionDefinition(appBaseUrl: string) {
  const actionUrl = `${appBaseUrl}/hubspot/actions/add-to-webinar`;
  return {
    actionUrl,
    published: true,
    objectTypes: ["CONTACT"],
    // HubSpot sends these with each execution, which saves a contact read per call.
    objectRequestOptions: { properties: ["firstname", "lastname", "email"] },
    inputFields: [
      {
        typeDefinition: {
          name: "webinarId",
          type: "enumeration",
          fieldType: "select",
          optionsUrl: `${actionUrl}/options`,
        },
        supportedValueTypes: ["STATIC_VALUE", "OBJECT_PROPERTY"],
        isRequired: true,
      },
    ],
    outputFields: ["zoom_registrant_id", "zoom_join_url", "error_code", "error_message"].map(outputField),
    executionRules: [{ labelName: "refused", conditions: { error_code: [...ACTION_ERROR_CODES] } }],
    labels: {
      en: {
        actionName: ACTION_NAME,
        appDisplayName: "Zoom Webinars",
        actionDescription:
          "Registers the enrolled contact (first name, last name and email) for a Zoom webinar of the connected Zoom account. Webinar hosts are never registered.",
        actionCardContent: "Register the contact for Zoom webinar {{webinarId}}",
        inputFieldLabels: { webinarId: "Zoom webinar" },
        inputFieldDescriptions: {
          webinarId: "Pick an upcoming webinar, or use a contact property that holds a webinar id (spaces and dashes are ignored).",
        },
        outputFieldLabels: {
          zoom_registrant_id: "Zoom registrant id",
          zoom_join_url: "Zoom join link",
          error_code: "Error code",
          error_message: "Error message",
        },
        // The refusal's own words (e.g. "Webinar host cannot register for the webinar") in the workflow history.
        executionRules: { refused: "{{error_message}}" },
      },
    },
  };
}
