import { randomUUID } from "node:crypto";
import type { FakeHubSpot } from "./index";

/**
 * Every legacy (non date-based) HubSpot path answers 404, whatever its area (/crm,
 * /marketing, /settings, /integrators, /automation, /oauth, /contacts, /properties…):
 * a path with a `/v1/`…`/v4/` segment. The app speaks only the date-based versions
 * (CONTRACT.md §5), so nothing can fall back to an old path unnoticed.
 * Not confirmed (README "Known unknowns"): the exact body of HubSpot's 404 for a path it
 * does not route; the 2026-09 `Error` shape with OBJECT_NOT_FOUND is used.
 */
export const LEGACY_PATH = /(^|\/)v[1-4](\/|$)/;

export function registerLegacyRefusal(fake: FakeHubSpot) {
  fake.app.use((req, res, next): void => {
    if (!LEGACY_PATH.test(req.path)) return next();
    res.status(404).json({
      category: "OBJECT_NOT_FOUND",
      correlationId: randomUUID(),
      message: `Unable to route ${req.method} request to ${req.path}: legacy API versions are not served, use a date-based version`,
    });
  });
}
