import { type FakeRegistrationQuestions, type FakeZoomWebinar, zoomEvents } from "@hzw/fakes";
import type { Browser } from "../helpers/browser";
import type { PrivacyWorld } from "../privacy/harness";

/** A registration form with standard and custom questions, as Zoom lists it (reference platform-2026 §C3). */
export const FORM: FakeRegistrationQuestions = {
  questions: [
    { field_name: "job_title", required: true },
    { field_name: "org", required: false },
    { field_name: "country", required: false },
  ],
  custom_questions: [
    { title: "How did you hear about us?", type: "single_dropdown", required: true, answers: ["Search", "A friend", "Newsletter"] },
    { title: "Anything to add?", type: "short", required: false, answers: [] },
  ],
};

/** The JSON API as the signed-in admin's browser calls it (CSRF token on mutating calls). */
export function apiOf(w: { app: { url: string } }, browser: Browser, csrf: string) {
  return async (path: string, init: { method?: string; body?: unknown; csrf?: string | null } = {}) => {
    const res = await browser.fetch(`${w.app.url}/api${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...(init.body !== undefined && { "content-type": "application/json" }),
        ...(init.csrf !== null && init.method && init.method !== "GET" && { "x-csrf-token": init.csrf ?? csrf }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

/** A webinar with the form above, known to the app through its webinar.created webhook. */
export async function webinarWithQuestions(w: PrivacyWorld, fields: Partial<FakeZoomWebinar> = {}, hostId?: string) {
  const webinar = w.webinar({ topic: "Webinar with questions", registration_questions: structuredClone(FORM), ...fields }, hostId);
  expect((await w.sender.send(zoomEvents.webinarCreated(webinar))).status).toBe(204);
  await w.drain();
  const row = await w.db.prisma.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId: w.connectionId, zoomWebinarId: webinar.id } } });
  return { webinar, row };
}
