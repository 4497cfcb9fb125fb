/**
 * The app's three timeline event types (HubSpot "app events", CONTRACT.md §5), declared
 * once: `npm run hubspot:project --app-events` writes them as
 * `src/app/app-events/<uid>-hsmeta.json`, and the sync sends occurrences whose
 * properties are exactly the ones declared here.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/reference
 *
 * Not confirmed (README "Known unknowns"): property types other than `string` and
 * `enumeration` (we declare `number` and `date` so marketers can filter on them), and how
 * an occurrence names its type (APP_EVENT_TYPE_NAME below).
 */

export type AppEventKind = "registration" | "attendance" | "recording";

export type AppEventPropertyType = "string" | "number" | "date" | "enumeration";

export interface AppEventProperty {
  name: string;
  label: string;
  type: AppEventPropertyType;
}

export interface AppEventType {
  /** Project component uid, and the file name `<uid>-hsmeta.json`. */
  uid: string;
  /** ≤ 50 characters, immutable once deployed. */
  name: string;
  objectType: "CONTACT";
  /** ≤ 1,000 characters; Handlebars over the properties. */
  headerTemplate: string;
  /** ≤ 10,000 characters. */
  detailTemplate: string;
  properties: AppEventProperty[];
}

const prop = (name: string, label: string, type: AppEventPropertyType = "string"): AppEventProperty => ({ name, label, type });

/** What every occurrence carries about its webinar. */
const WEBINAR_PROPERTIES = [
  prop("webinar_id", "Zoom webinar ID"),
  prop("webinar_topic", "Zoom webinar topic"),
  prop("webinar_start", "Zoom webinar start", "date"),
];

export const APP_EVENT_TYPES: Record<AppEventKind, AppEventType> = {
  registration: {
    uid: "zoom_webinar_registration",
    name: "Zoom webinar registration",
    objectType: "CONTACT",
    headerTemplate: "Registered for Zoom webinar {{webinar_topic}}",
    detailTemplate: "Webinar {{webinar_id}} starting {{#formatDate webinar_start}}{{/formatDate}}\n\n[Join link]({{join_url}})",
    properties: [...WEBINAR_PROPERTIES, prop("join_url", "Join link")],
  },
  attendance: {
    uid: "zoom_webinar_attendance",
    name: "Zoom webinar attendance",
    objectType: "CONTACT",
    headerTemplate: "Attended Zoom webinar {{webinar_topic}}",
    detailTemplate: "Webinar {{webinar_id}}: attended {{attended_minutes}} minutes ({{attendance_percent}}% of the webinar)",
    properties: [
      ...WEBINAR_PROPERTIES,
      prop("attended_minutes", "Minutes attended", "number"),
      prop("attendance_percent", "Percent of the webinar attended", "number"),
    ],
  },
  recording: {
    uid: "zoom_recording_available",
    name: "Zoom recording available",
    objectType: "CONTACT",
    headerTemplate: "Recording of Zoom webinar {{webinar_topic}} is available",
    detailTemplate: "Webinar {{webinar_id}}\n\n[Watch the recording]({{recording_url}})",
    properties: [...WEBINAR_PROPERTIES, prop("recording_url", "Recording URL")],
  },
};

/**
 * The `eventTypeName` an occurrence is sent with. HubSpot's docs name it the event type's
 * fully qualified name, `ae<appId>_<uid>`; the exact form is not confirmed (README
 * "Known unknowns"), so the app builds it here and nowhere else (the fake HubSpot follows
 * the same docs with its own copy, packages/fakes/src/fake-hubspot/app-events.ts).
 */
export const qualifiedAppEventTypeName = (appId: string, uid: string) => `ae${appId}_${uid}`;

export const APP_EVENT_TYPE_NAME = (appId: string, kind: AppEventKind) => qualifiedAppEventTypeName(appId, APP_EVENT_TYPES[kind].uid);

/**
 * The value of a `date` property. Not confirmed (README "Known unknowns"): the format
 * app events expect; we send milliseconds since the epoch, as timeline tokens took them.
 */
export const appEventDateValue = (date: Date) => String(date.getTime());
