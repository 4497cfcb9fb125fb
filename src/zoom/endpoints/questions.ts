import { z } from "zod";
import type { ZoomApi } from "../api";
import { zoomEndpoint, zoomPath } from "../endpoint";

/**
 * GET /webinars/{webinarId}/registrants/questions — https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/webinars/{webinarId}/registrants/questions
 * (reference platform-2026 §C3; Zoom's SDK: WebinarsListRegistrationQuestionsResponse):
 * the standard fields the registration form asks (`field_name`, `required`) and the
 * host's custom questions (`title`, `type`, `required`, `answers` to choose from).
 * Read leniently: an item without its name is left out, every list may be absent.
 */
export const LIST_REGISTRATION_QUESTIONS = zoomEndpoint("GET", "/webinars/{webinarId}/registrants/questions");

const StandardQuestion = z.object({ field_name: z.string().min(1), required: z.boolean().default(false) }).loose();
const CustomQuestion = z
  .object({
    title: z.string().min(1),
    // Values seen in Zoom's SDKs: short, single_radio, single_dropdown, multiple (README "Known unknowns").
    type: z.string().optional(),
    required: z.boolean().default(false),
    answers: z.array(z.string()).default([]),
  })
  .loose();

const lenientList = <T extends z.ZodType>(item: T) =>
  z
    .array(z.unknown())
    .optional()
    .transform((list) => (list ?? []).flatMap((x) => {
      const parsed = item.safeParse(x);
      return parsed.success ? [parsed.data] : [];
    }));

export const ZoomRegistrationQuestions = z
  .object({ questions: lenientList(StandardQuestion), custom_questions: lenientList(CustomQuestion) })
  .loose();
export type ZoomRegistrationQuestions = z.infer<typeof ZoomRegistrationQuestions>;

export async function listRegistrationQuestions(api: ZoomApi, webinarId: string): Promise<ZoomRegistrationQuestions> {
  return ZoomRegistrationQuestions.parse((await api.get(zoomPath(LIST_REGISTRATION_QUESTIONS, { webinarId }))) ?? {});
}
