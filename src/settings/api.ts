import { Router } from "express";
import { sessionPortalId } from "../install/session";
import {
  getSettings,
  listZoomUsers,
  setWebinarSync,
  SettingsInput,
  type SettingsDeps,
  updateSettings,
  updateZoomUserSettings,
  WebinarSettingsInput,
  ZoomUserSettingsInput,
} from "./settings-service";
import { parseBody, parseQuery, settingsWording } from "./validation";
import { listWebinarPage, WebinarListQuery, type LatestRunsOf } from "./webinar-list";

/**
 * The settings part of the JSON API (CONTRACT.md §3). Mounted inside /api, behind the
 * session and CSRF checks; every call acts on the session's portal only.
 */
export function settingsApiRoutes(s: SettingsDeps & { latestRuns?: LatestRunsOf }): Router {
  const router = Router();

  router.get("/settings", async (req, res) => {
    res.json(await getSettings(s.db, sessionPortalId(req)));
  });

  router.put("/settings", async (req, res) => {
    const input = parseBody(SettingsInput, req.body, settingsWording);
    res.json(await updateSettings(s, sessionPortalId(req), input));
  });

  router.get("/zoom-users", async (req, res) => {
    res.json(await listZoomUsers(s, sessionPortalId(req)));
  });

  router.put("/zoom-users/:zoomUserId/settings", async (req, res) => {
    const input = parseBody(ZoomUserSettingsInput, req.body);
    res.json(await updateZoomUserSettings(s.db, sessionPortalId(req), req.params.zoomUserId, input));
  });

  router.get("/webinars", async (req, res) => {
    const page = await listWebinarPage(s.db, sessionPortalId(req), parseQuery(WebinarListQuery, req.query), s.latestRuns);
    if (page.nextAfter) res.set("X-Next-After", page.nextAfter);
    res.json(page.webinars);
  });

  router.put("/webinars/:webinarId", async (req, res) => {
    const input = parseBody(WebinarSettingsInput, req.body);
    res.json(await setWebinarSync(s, sessionPortalId(req), req.params.webinarId, input));
  });

  return router;
}
