/**
 * @hzw/fakes: a fake HubSpot and a fake Zoom, real HTTP servers on loopback shaped like the
 * published APIs, for the tests, the benchmarks and the app's sandbox mode (README.md).
 * Everything a user of the fakes needs is exported here; nothing imports the app.
 */

export { FakeServer, DEFAULT_CALL_LIMIT, fakeId, stateFromJson, stateToJson, type Fault, type RecordedCall } from "./fake-server";
export { CALL_LOG_ENV, FLUSH_AFTER_MS, flushFakeCalls, parseCallLog, recordFakeCall, type LoggedCall } from "./call-log";

export { FakeHubSpot, type FakeContact, type FakeHubSpotOptions, type FakePortal, type HubSpotState } from "./fake-hubspot";
export {
  archiveContact, contactByEmail, createContact, crmOf, emptyCrm, eventKey, liveContacts,
  type FakeAttendance, type FakeCall, type FakeCrm, type FakeMarketingEvent,
} from "./fake-hubspot/crm-store";
export { addFakeContact } from "./fake-hubspot/contacts-read";
export { HubSpotWorkflowActionSender, signV3, type WorkflowActionAnswer, type WorkflowActionExecution } from "./fake-hubspot/workflow-actions";
export { appEventType, qualifiedAppEventTypeName, type AppEventTypeDefinition, type FakeAppEvent } from "./fake-hubspot/app-events";

export { FakeZoom, type ZoomState, type FakeZoomAccount, type FakeZoomOptions, type FakeZoomRegistrant, type FakeZoomUser, type FakeZoomWebinar, type FakeZoomOccurrence, type FakeRegistrationQuestions } from "./fake-zoom";
export { addFakeWebinar, DAILY_ADDS_PER_REGISTRANT, FAKE_STANDARD_FIELDS, missingAnswersRefusal } from "./fake-zoom/registrants";
export { addPastWebinar, type PastWebinarInput } from "./fake-zoom/past-webinars";
export {
  webinarActivity, FakeWebinarActivity,
  type FakeInstance, type FakeParticipant, type FakeRecording, type FakeRecordingFile,
} from "./fake-zoom/webinars";
export { ZoomWebhookSender, zoomEvents, type Delivery, type SendOptions, type ZoomEvent } from "./fake-zoom/webhooks";
