import { Router } from "express";
import { sessionPortalId } from "../install/session";
import {
  listUserDefaults, listWebinarQuestions, parseMappings, saveUserDefaults, saveWebinarMappings, type QuestionsDeps,
} from "./questions";

/**
 * The registration questions part of the JSON API (CONTRACT.md §11). Mounted inside
 * /api, behind the session and CSRF checks; every call acts on the session's portal only.
 */
export function questionsApiRoutes(s: QuestionsDeps): Router {
  const router = Router();

  router.get("/webinars/:webinarId/questions", async (req, res) => {
    res.json(await listWebinarQuestions(s, sessionPortalId(req), req.params.webinarId));
  });

  router.put("/webinars/:webinarId/question-mappings", async (req, res) => {
    const input = parseMappings(req.body);
    res.json(await saveWebinarMappings(s, sessionPortalId(req), req.params.webinarId, input));
  });

  router.get("/zoom-users/:zoomUserId/question-mappings", async (req, res) => {
    const { mappings } = await listUserDefaults(s, sessionPortalId(req), req.params.zoomUserId);
    res.json({ mappings });
  });

  router.put("/zoom-users/:zoomUserId/question-mappings", async (req, res) => {
    const input = parseMappings(req.body);
    res.json(await saveUserDefaults(s, sessionPortalId(req), req.params.zoomUserId, input));
  });

  return router;
}
