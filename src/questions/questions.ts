import { z } from "zod";
import { zoomConnectionOfPortal } from "../connections/repository/zoom-connections";
import type { Database } from "../db/database";
import type { Prisma } from "../generated/prisma/client";
import { invalidInput, type FieldError } from "../http/invalid-input";
import { createZoomTextProperty, listContactProperties, type ContactPropertyInfo } from "../hubspot/properties";
import type { HubSpotWriters } from "../hubspot/writer";
import { AppError, notFound } from "../lib/errors";
import type { ZoomApi } from "../zoom/api";
import { listRegistrationQuestions, type ZoomRegistrationQuestions } from "../zoom/endpoints/questions";
import { isZoomTransient, zoomReadOrNone } from "../zoom/errors";
import { isStandardQuestion, STANDARD_QUESTION_FIELDS } from "../zoom/registration-answers";
import {
  findPortalWebinarRow, findZoomUserRow, replaceUserDefaultMappings, replaceWebinarMappings, userDefaultMappings, webinarMappings, type Mapping,
} from "./repository";
import { isAnswerableProperty } from "./reserved";

/**
 * Registration questions ↔ HubSpot contact properties (CONTRACT.md §11): a webinar's
 * questions as Zoom's registration questions API lists them, with their mappings; the
 * mappings of a webinar, and each Zoom user's defaults for their new webinars. Every
 * call is scoped to the session's portal: another portal's webinar or user is not found.
 */

export interface QuestionsDeps {
  db: Database;
  zoomApi(connectionId: string): ZoomApi;
  hubspotApi: HubSpotWriters;
  /** A HubSpot sync of the webinar, so changed mappings reach its contacts (passed in by the composition root). */
  requestWebinarSync(webinarId: string, options?: { tx?: Prisma.TransactionClient }): Promise<unknown>;
}

export interface QuestionView {
  question: string;
  kind: "standard" | "custom";
  required: boolean;
  mapping: { property: string; overwrite: boolean } | null;
  /** Custom questions: the answers to choose from (empty for a short answer). */
  answers?: string[];
  type?: string;
}

/** One mapping as the API takes it; `create` asks for a new text property in the `zoom` group when none has that name. */
const MappingInput = z
  .object({
    question: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(300, "must be at most 300 characters"),
    property: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
    overwrite: z.boolean({ error: "must be true or false" }).default(false),
    create: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict();
export const MappingsInput = z.object({ mappings: z.array(MappingInput, { error: "must be a list" }).max(200) }).strict();
export type MappingsInput = z.infer<typeof MappingsInput>;

/** HubSpot's rule for internal property names (lower case, digits, underscores, starting with a letter). */
const PROPERTY_NAME = /^[a-z][a-z0-9_]{0,99}$/;

export function parseMappings(body: unknown): MappingsInput {
  const parsed = MappingsInput.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error, { code: "VALIDATION", message: "The mappings have invalid fields" });
  return parsed.data;
}

/** The portal's webinar (Zoom id or our row id), with the portal's active Zoom connection it belongs to. */
async function webinarOfPortal(s: Pick<QuestionsDeps, "db">, portalId: bigint, rawId: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(rawId);
  const id = isUuid ? rawId.toLowerCase() : rawId.replace(/[\s-]/g, "");
  if (!isUuid && !/^\d{1,20}$/.test(id)) throw notFound("No such webinar");
  const webinar = await findPortalWebinarRow(s.db.sql, portalId, id);
  if (!webinar) throw notFound("No such webinar");
  const connection = await zoomConnectionOfPortal(s.db.prisma, portalId);
  if (!connection || connection.id !== webinar.connection_id || connection.status !== "active") {
    throw new AppError("ZOOM_NOT_CONNECTED", "Zoom is not connected: connect it in the settings to read the webinar's questions", 409);
  }
  return webinar;
}

/** Zoom's questions of a webinar; none when Zoom no longer has the webinar. */
async function zoomQuestions(s: Pick<QuestionsDeps, "zoomApi">, connectionId: string, zoomWebinarId: string): Promise<ZoomRegistrationQuestions> {
  try {
    return (await zoomReadOrNone(listRegistrationQuestions(s.zoomApi(connectionId), zoomWebinarId))) ?? { questions: [], custom_questions: [] };
  } catch (err) {
    // Zoom busy or down (after the client's retries): say so, rather than an internal error.
    if (isZoomTransient(err)) throw new AppError("ZOOM_UNAVAILABLE", "Zoom could not be reached to read the webinar's questions; try again in a minute", 503);
    throw err;
  }
}

function questionViews(form: ZoomRegistrationQuestions, mappings: Mapping[]): QuestionView[] {
  const byQuestion = new Map(mappings.map((m) => [m.question, m]));
  const mappingOf = (q: string) => {
    const m = byQuestion.get(q);
    return m ? { property: m.property, overwrite: m.overwrite } : null;
  };
  return [
    ...form.questions.map((q): QuestionView => ({ question: q.field_name, kind: "standard", required: q.required, mapping: mappingOf(q.field_name) })),
    ...form.custom_questions.map((q): QuestionView => ({
      question: q.title, kind: "custom", required: q.required, mapping: mappingOf(q.title), answers: q.answers, ...(q.type && { type: q.type }),
    })),
  ];
}

/** GET /api/webinars/:webinarId/questions. */
export async function listWebinarQuestions(s: Pick<QuestionsDeps, "db" | "zoomApi">, portalId: bigint, rawId: string): Promise<QuestionView[]> {
  const webinar = await webinarOfPortal(s, portalId, rawId);
  const form = await zoomQuestions(s, webinar.connection_id, webinar.zoom_webinar_id);
  return questionViews(form, await webinarMappings(s.db.prisma, webinar.id));
}

/** What the webinar's page shows besides its questions. */
export async function webinarOfPage(s: Pick<QuestionsDeps, "db">, portalId: bigint, rawId: string) {
  const w = await webinarOfPortal(s, portalId, rawId);
  return { id: w.id, zoomWebinarId: w.zoom_webinar_id, topic: w.topic };
}

/**
 * PUT /api/webinars/:webinarId/question-mappings: replaces the webinar's mappings. Each
 * question must be one of the webinar's in Zoom and each property a contact property of
 * the portal (read once per request); otherwise 400 naming each problem, nothing saved.
 */
export async function saveWebinarMappings(s: QuestionsDeps, portalId: bigint, rawId: string, input: MappingsInput): Promise<QuestionView[]> {
  const webinar = await webinarOfPortal(s, portalId, rawId);
  const form = await zoomQuestions(s, webinar.connection_id, webinar.zoom_webinar_id);
  const known = new Set([...form.questions.map((q) => q.field_name), ...form.custom_questions.map((q) => q.title)]);
  const mappings = await checkedMappings(s, portalId, input, (q) => known.has(q), "is not a registration question of this webinar");
  await s.db.prisma.$transaction(async (tx) => {
    await replaceWebinarMappings(tx, webinar.id, mappings);
    await s.requestWebinarSync(webinar.id, { tx });
  });
  return questionViews(form, mappings);
}

/** The Zoom user of the portal's connection, or 404. */
async function userOfPortal(s: Pick<QuestionsDeps, "db">, portalId: bigint, zoomUserId: string) {
  const connection = await zoomConnectionOfPortal(s.db.prisma, portalId);
  const user = connection ? await findZoomUserRow(s.db.sql, connection.id, zoomUserId) : undefined;
  if (!connection || !user) throw notFound("No such Zoom user");
  return { connectionId: connection.id, zoomUserId: user.zoom_user_id, email: user.email, displayName: user.display_name };
}

/** GET /api/zoom-users/:zoomUserId/question-mappings: the user's defaults. */
export async function listUserDefaults(s: Pick<QuestionsDeps, "db">, portalId: bigint, zoomUserId: string) {
  const user = await userOfPortal(s, portalId, zoomUserId);
  return { user, mappings: await userDefaultMappings(s.db.prisma, user.connectionId, user.zoomUserId) };
}

/**
 * PUT /api/zoom-users/:zoomUserId/question-mappings: the user's defaults, copied to each
 * of their webinars the app sees for the first time. A question is one of Zoom's standard
 * fields (by field_name) or the title of a custom question.
 */
export async function saveUserDefaults(s: QuestionsDeps, portalId: bigint, zoomUserId: string, input: MappingsInput) {
  const user = await userOfPortal(s, portalId, zoomUserId);
  const mappings = await checkedMappings(s, portalId, input, () => true, "");
  await s.db.prisma.$transaction((tx) => replaceUserDefaultMappings(tx, user.connectionId, user.zoomUserId, mappings));
  return { mappings };
}

/** The contact properties a mapping may name (for the pages' pickers): not those the app writes itself. */
export async function contactPropertiesOf(s: Pick<QuestionsDeps, "hubspotApi">, portalId: bigint): Promise<ContactPropertyInfo[]> {
  const list = await listContactProperties(s.hubspotApi(portalId));
  return list.filter((p) => isAnswerableProperty(p.name)).sort((a, b) => a.label.localeCompare(b.label));
}

export { STANDARD_QUESTION_FIELDS, isStandardQuestion };

/**
 * The mappings checked against the questions (`isQuestion`) and the portal's contact
 * properties; a property named with `create: true` that does not exist is created in
 * the `zoom` group, once everything else is valid.
 */
async function checkedMappings(
  s: Pick<QuestionsDeps, "hubspotApi">,
  portalId: bigint,
  input: MappingsInput,
  isQuestion: (q: string) => boolean,
  notAQuestion: string,
): Promise<Mapping[]> {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.mappings.forEach((m, i) => {
    if (!isQuestion(m.question)) errors.push({ path: `mappings.${i}.question`, message: `"${m.question}" ${notAQuestion}` });
    if (seen.has(m.question)) errors.push({ path: `mappings.${i}.question`, message: `"${m.question}" is mapped twice` });
    seen.add(m.question);
  });
  const writer = s.hubspotApi(portalId);
  const properties = input.mappings.length ? new Set((await listContactProperties(writer)).map((p) => p.name)) : new Set<string>();
  const toCreate: { name: string; label: string }[] = [];
  input.mappings.forEach((m, i) => {
    if (!isAnswerableProperty(m.property)) {
      errors.push({ path: `mappings.${i}.property`, message: `"${m.property}" is written by the app itself and cannot hold an answer` });
      return;
    }
    if (properties.has(m.property)) return;
    if (m.create && PROPERTY_NAME.test(m.property)) {
      if (!toCreate.some((c) => c.name === m.property)) toCreate.push({ name: m.property, label: m.question.slice(0, 100) });
      return;
    }
    errors.push({
      path: `mappings.${i}.property`,
      message: m.create
        ? `"${m.property}" cannot be a new property name: use lower-case letters, digits and underscores, starting with a letter`
        : `"${m.property}" is not a contact property in HubSpot`,
    });
  });
  if (errors.length) throw new AppError("VALIDATION", errors.map((e) => e.message).join(". "), 400, { errors });
  for (const p of toCreate) await createZoomTextProperty(writer, p.name, p.label);
  return input.mappings.map((m) => ({ question: m.question, property: m.property, overwrite: m.overwrite }));
}
