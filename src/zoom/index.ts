/**
 * Zoom, as the app sees it (mirrors src/hubspot/). To add a Zoom call: add its row
 * (method, path, granular scope, doc link) to ZOOM_ENDPOINTS in scopes.ts, then its
 * function and answer schema in endpoints/<resource>.ts, bound to the row with
 * `zoomEndpoint(method, path)` and building its URL with `zoomPath` (endpoint.ts);
 * test/zoom/endpoints.test.ts fails while a row has no function.
 *
 * - endpoint.ts   zoomEndpoint (binds a function to its row), zoomPath, zoomPage (one page)
 * - api.ts        ZoomApi: token from the vault, retries (transient only), paging
 * - errors.ts     zoomErrorKind: transient / refused / auth / not_found, the one classification
 * - scopes.ts     ZOOM_ENDPOINTS: endpoint → granular scope → doc; the manifest's scopes
 * - schemas.ts    Zoom objects shared by webhooks and REST answers (webinar, participant,
 *                 registrant, recording, the event envelope)
 * - endpoints/users.ts         getMe (GET /users/me), listUsers (GET /users)
 * - endpoints/webinars.ts      getWebinar (GET /webinars/{webinarId}),
 *                              listUserWebinars (GET /users/{userId}/webinars),
 *                              pastWebinarsPage (the same with type=past, src/backfill),
 *                              listPastInstances (GET /past_webinars/{webinarId}/instances)
 * - endpoints/registrants.ts   addRegistrant (POST /webinars/{webinarId}/registrants),
 *                              registrantsPage (GET /webinars/{webinarId}/registrants)
 * - endpoints/questions.ts     listRegistrationQuestions (GET /webinars/{webinarId}/registrants/questions)
 * - registration-answers.ts     a registrant's answers (webhooks, lists) and the POST body's
 * - endpoints/participants.ts  listReportParticipants / reportParticipantsPage
 *                              (GET /report/webinars/{webinarId}/participants),
 *                              listPastParticipants / pastParticipantsPage
 *                              (GET /past_webinars/{webinarUuid}/participants)
 * - endpoints/recordings.ts    getRecordings (GET /meetings/{meetingId}/recordings),
 *                              downloadRecordingFile (a file's download_url), isZoomDownloadUrl
 * - oauth.ts      zoomOAuthPaths: /oauth/authorize and /oauth/token (below ZOOM_OAUTH_BASE_URL)
 */
export * from "./endpoints/users";
export * from "./endpoints/webinars";
export * from "./endpoints/registrants";
export * from "./endpoints/questions";
export * from "./endpoints/participants";
export * from "./endpoints/recordings";
export { boundZoomEndpoints } from "./endpoint";
export { zoomOAuthPaths } from "./oauth";
