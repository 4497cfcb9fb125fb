import { Router } from "express";
import { sessionPortalId } from "../install/session";
import {
  getSettings,
  listWebinars,
  listZoomUsers,
  setWebinarSync,
  SettingsInput,
  type SettingsDeps,
  updateSettings,
  updateZoomUserSettings,
  WebinarSettingsInput,
  ZoomUserSettingsInput,
} from "./settings-service";
import { parseBody } from "./validation";

/**
 * The settings part of the JSON API (CONTRACT.md §3). Mounted inside /api, behind the
 * session and CSRF checks; every call acts on the session's portal only.
 */
export function settingsApiRoutes(s: SettingsDeps): Router {
  const router = Router();

  router.get("/settings", async (req, res) => {
    res.json(await getSettings(s.db, sessionPortalId(req)));
  });

  router.put("/settings", async (req, res) => {
    const input = parseBody(SettingsInput, req.body);
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
    res.json(await listWebinars(s.db, sessionPortalId(req)));
  });

  router.put("/webinars/:webinarId", async (req, res) => {
    const input = parseBody(WebinarSettingsInput, req.body);
    res.json(await setWebinarSync(s, sessionPortalId(req), req.params.webinarId, input));
  });

  return router;
}
