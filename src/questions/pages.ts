import { Router, type Request } from "express";
import type { Config } from "../config";
import { requireSession, sessionPortalId } from "../install/session";
import { contactPropertiesOf, listUserDefaults, STANDARD_QUESTION_FIELDS, webinarOfPage, type QuestionsDeps } from "./questions";

/**
 * The pages that map registration questions to contact properties (CONTRACT.md §11): one
 * per webinar, and one per Zoom user for the defaults of their new webinars. Rendered
 * from views/questions.ejs; public/questions.js reads and saves through the JSON API.
 * Another portal's webinar or user is a 404 page.
 */
export function questionPageRoutes(s: QuestionsDeps & { config: Pick<Config, "mode"> }): Router {
  const router = Router();

  /** The portal's contact properties for the pickers; a HubSpot outage leaves them empty and says so. */
  const properties = async (portalId: bigint) => {
    try {
      return { properties: await contactPropertiesOf(s, portalId), propertiesError: "" };
    } catch {
      return { properties: [], propertiesError: "HubSpot's contact properties could not be read right now; reload the page to try again." };
    }
  };
  const common = (req: Request) => ({
    sandbox: s.config.mode === "sandbox",
    portalId: String(sessionPortalId(req)),
    csrfToken: req.session.csrfToken,
    standardFields: STANDARD_QUESTION_FIELDS,
  });

  router.get("/settings/webinars/:webinarId/questions", requireSession("page"), async (req, res) => {
    const portalId = sessionPortalId(req);
    const webinar = await webinarOfPage(s, portalId, String(req.params.webinarId));
    res.render("questions", {
      ...common(req),
      ...(await properties(portalId)),
      title: "Registration questions",
      kind: "webinar",
      subjectId: webinar.zoomWebinarId,
      subject: webinar.topic || `Webinar ${webinar.zoomWebinarId}`,
    });
  });

  router.get("/settings/zoom-users/:zoomUserId/questions", requireSession("page"), async (req, res) => {
    const portalId = sessionPortalId(req);
    const { user } = await listUserDefaults(s, portalId, String(req.params.zoomUserId));
    res.render("questions", {
      ...common(req),
      ...(await properties(portalId)),
      title: "Default registration questions",
      kind: "zoom-user",
      subjectId: user.zoomUserId,
      subject: user.displayName ? `${user.displayName} (${user.email})` : user.email,
    });
  });

  return router;
}
