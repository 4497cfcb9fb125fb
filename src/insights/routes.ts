import path from "node:path";
import express, { Router } from "express";
import { z } from "zod";
import type { Database } from "../db/database";
import { requireSession, sessionPortalId } from "../install/session";
import { notFound } from "../lib/errors";
import { PROJECT_ROOT } from "../lib/paths";
import { parseQuery } from "../settings/validation";
import { findPortalWebinar } from "../webinars/lookup";
import { isRecurring, storedOccurrences } from "../zoom/occurrences";
import { DEFAULT_INSIGHTS, MAX_INSIGHTS, portalInsights, webinarCharts } from "./charts";

/**
 * The charts: GET /api/webinars/:webinarId/charts and GET /api/insights (mounted inside
 * /api, behind the session check; the session's portal only, another portal's webinar is
 * a 404), the pages /settings/webinars/:webinarId and /settings/insights, and the chart
 * library (Chart.js, pinned in package.json) served from node_modules under /vendor.
 */

const InsightsQuery = z.object({
  limit: z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${String(MAX_INSIGHTS)}`)
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(MAX_INSIGHTS, `must be at most ${String(MAX_INSIGHTS)}`))
    .optional(),
});

export function chartsApiRoutes(deps: { db: Database }): Router {
  const router = Router();
  router.get("/webinars/:webinarId/charts", async (req, res) => {
    res.json(await webinarCharts(deps.db, sessionPortalId(req), req.params.webinarId));
  });
  router.get("/insights", async (req, res) => {
    const q = parseQuery(InsightsQuery, req.query);
    res.json(await portalInsights(deps.db, sessionPortalId(req), q.limit ?? DEFAULT_INSIGHTS));
  });
  return router;
}

export function chartPageRoutes(deps: { db: Database }): Router {
  const router = Router();
  router.get("/settings/insights", requireSession("page"), (req, res) => {
    res.render("insights", { title: "Insights", portalId: sessionPortalId(req).toString() });
  });
  router.get("/settings/webinars/:webinarId", requireSession("page"), async (req, res) => {
    // A wrong id (or another portal's webinar) is a 404 page; the figures come from the JSON API.
    const webinar = await findPortalWebinar(deps.db, sessionPortalId(req), String(req.params.webinarId));
    if (!webinar) throw notFound("No such webinar");
    res.render("webinar", {
      title: webinar.topic || "Webinar",
      portalId: sessionPortalId(req).toString(),
      webinarId: webinar.zoomWebinarId,
      topic: webinar.topic,
      // A recurring webinar's page has the attendance-counting choice (PUT /api/webinars/:webinarId).
      recurring: isRecurring(storedOccurrences(webinar.occurrences)),
      attendanceCounting: webinar.attendanceCounting,
      csrfToken: req.session.csrfToken,
    });
  });
  return router;
}

/** The chart library's browser build (UMD), from node_modules: no CDN, works offline. */
export function vendorRoutes(): Router {
  const router = Router();
  router.use("/vendor/chart.js", express.static(path.join(PROJECT_ROOT, "node_modules/chart.js/dist"), { maxAge: "1d", index: false }));
  return router;
}
