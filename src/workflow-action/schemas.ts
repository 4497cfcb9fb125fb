import { z } from "zod";

/**
 * What HubSpot POSTs to our action URLs (Automation Actions v4, reference §B2). HubSpot
 * adds fields over time (context, extension ids…), so objects are not strict; what we
 * rely on is required and typed.
 * https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/custom-action-reference
 */

const portalId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));

/**
 * Which occurrences of a recurring webinar to register for (CONTRACT.md §11): `all` (the
 * default, also when empty) or `next`, case-insensitive; anything else is a bad request.
 */
export const OCCURRENCE_CHOICES = ["all", "next"] as const;
export type OccurrenceChoice = (typeof OCCURRENCE_CHOICES)[number];
const Occurrence = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() || undefined : (v ?? undefined)),
  z.enum(OCCURRENCE_CHOICES).default("all"),
);

const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();

export const ExecuteActionBody = z.object({
  callbackId: z.string().min(1).max(200),
  origin: z.object({ portalId }).loose(),
  object: z
    .object({
      objectId: z.union([z.number().int(), z.string().min(1)]).transform(String),
      objectType: z.literal("CONTACT"),
      properties: z.record(z.string(), propertyValue).optional(),
    })
    .loose(),
  inputFields: z
    .object({
      webinarId: z.union([z.string(), z.number()]).optional().nullable(),
      occurrence: Occurrence,
    })
    .loose(),
});
export type ExecuteActionBody = z.infer<typeof ExecuteActionBody>;

export const FetchOptionsBody = z.object({
  origin: z.object({ portalId }).loose(),
  inputFieldName: z.string().optional(),
  inputFields: z.record(z.string(), z.unknown()).optional(),
  fetchOptions: z
    .object({ q: z.string().max(200).optional().nullable(), after: z.string().max(200).optional().nullable() })
    .loose()
    .optional()
    .nullable(),
});
export type FetchOptionsBody = z.infer<typeof FetchOptionsBody>;

/** The answer HubSpot reads: output fields plus the execution state. */
export type ActionOutput =
  | { hs_execution_state: "SUCCESS"; zoom_registrant_id: string; zoom_join_url: string }
  | { hs_execution_state: "FAIL_CONTINUE"; error_code: ActionErrorCode; error_message: string };

export const ACTION_ERROR_CODES = [
  "HOST_CANNOT_REGISTER",
  "INVALID_WEBINAR_ID",
  "WEBINAR_NOT_FOUND",
  "REGISTRATION_DISABLED",
  "WEBINAR_ENDED",
  "WEBINAR_FULL",
  "REGISTRATION_LIMIT",
  "MISSING_EMAIL",
  "ZOOM_NOT_CONNECTED",
  "PORTAL_NOT_INSTALLED",
  "REQUIRED_QUESTION_UNANSWERED",
] as const;
export type ActionErrorCode = (typeof ACTION_ERROR_CODES)[number];

export const refusal = (error_code: ActionErrorCode, error_message: string): ActionOutput => ({
  hs_execution_state: "FAIL_CONTINUE",
  error_code,
  error_message,
});

export const HOST_CANNOT_REGISTER_MESSAGE = "Webinar host cannot register for the webinar";

/** Zoom's webinar ids are digits; people paste them as "812 3456 7890" or "812-3456-7890". */
export function normaliseWebinarId(value: unknown): string | undefined {
  if (typeof value === "number") value = Number.isSafeInteger(value) && value > 0 ? String(value) : "";
  if (typeof value !== "string") return undefined;
  const digits = value.replace(/[\s\-\u2010-\u2015]/g, "");
  return /^\d{1,20}$/.test(digits) ? digits : undefined;
}
