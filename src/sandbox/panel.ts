import { Router, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { invalidInput } from "../http/invalid-input";
import { connectionHealth } from "../install/health";
import { portalStatus } from "../install/install";
import { requireCsrf, requireSession, sessionPortalId } from "../install/session";
import { AppError } from "../lib/errors";
import { ACTION_PATH } from "../workflow-action/definition";
import type { Database } from "../db/database";
import { portalView } from "./portal-view";
import { SANDBOX_PORTAL_ID, SANDBOX_ZOOM_ACCOUNT } from "./accounts";
import type { Sandbox } from "./sandbox";
import { parsePeople, samplePeople, WEBINAR_KINDS, type Delivery } from "./simulator";
import { problem, simulateProblem, type ProblemDeps } from "./problems";
import { findPortalContact, portalContacts, runWorkflowAction, type ActionContact, type ActionRunView } from "./workflow-action-run";

/**
 * The sandbox panel (/sandbox) and the simulated portal's view (/sandbox/portal): run a
 * webinar in the simulated Zoom account — create it, add registrants, let people join
 * and leave, end it, make a recording — each step announced to the app through its real
 * /webhooks/zoom endpoint with real signatures; then see what the app wrote to the
 * simulated HubSpot portal; and run the workflow action "Add contact to Zoom webinar" for
 * a contact of the portal as HubSpot would (workflow-action-run.ts). Signed-in pages with
 * CSRF-checked forms.
 */

const createForm = z.object({
  topic: z.string().trim().min(1, "Give the webinar a topic").max(200, "The topic is at most 200 characters"),
  hostId: z.string().min(1, "Choose a host"),
  startsInMinutes: z.coerce.number().int("Minutes are whole numbers").min(-1440).max(43200),
  durationMinutes: z.coerce.number().int("Minutes are whole numbers").min(1, "At least 1 minute").max(600, "At most 600 minutes"),
  kind: z.enum(WEBINAR_KINDS, { error: "Choose a kind of webinar" }).optional().default("webinar"),
});
const pastForm = z.object({
  topic: z.string().trim().min(1, "Give the webinar a topic").max(200, "The topic is at most 200 characters"),
  hostId: z.string().min(1, "Choose a host"),
  daysAgo: z.coerce.number().int("Days are whole numbers").min(1, "At least 1 day ago").max(365, "At most 365 days ago"),
  durationMinutes: z.coerce.number().int("Minutes are whole numbers").min(1, "At least 1 minute").max(600, "At most 600 minutes"),
  people: z.string().max(20_000, "At most 20,000 characters").optional(),
});
const peopleForm = z.object({ people: z.string().max(20_000, "At most 20,000 characters").optional() });
const minuteForm = z.object({
  minute: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : v),
    z.coerce.number().int("Minutes are whole numbers").min(0, "Minutes count from the start: 0 or more").max(1440, "At most 1440 minutes").optional(),
  ),
});
const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`).optional().default("");
const actionForm = z
  .object({
    webinarId: optionalText(40),
    webinarIdTyped: optionalText(40),
    contactId: optionalText(20),
    firstName: optionalText(100),
    lastName: optionalText(100),
    email: optionalText(254),
    occurrence: z.enum(["all", "next"]).optional().default("all"),
  })
  .refine((f) => f.webinarIdTyped || f.webinarId, { error: "Pick a webinar or type its id", path: ["webinarId"] })
  .refine((f) => f.contactId || z.email().safeParse(f.email).success, { error: "Pick a contact or type the new contact's email", path: ["email"] });

/** What the panel uses (src/app.ts hands it over). */
export type PanelDeps = { db: Database } & Pick<ProblemDeps, "vault">;

export function sandboxPanelRoutes(s: PanelDeps, sandbox: Sandbox): Router {
  const router = Router();
  const sim = sandbox.simulator;
  router.use("/sandbox", requireSession("page"), requireCsrf);

  router.get("/sandbox", async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    await renderPanel(req, res, { flash });
  });

  router.get("/sandbox/portal", (_req, res) => {
    res.render("sandbox-portal", { title: "Simulated HubSpot portal", portalId: SANDBOX_PORTAL_ID, view: portalView(sandbox.hubspot, SANDBOX_PORTAL_ID) });
  });

  router.post("/sandbox/webinars", async (req, res, next) => {
    const form = createForm.safeParse(req.body);
    if (!form.success) {
      const refused = invalidInput(form.error, { code: "VALIDATION", plain: true });
      return renderPanel(req, res, { error: refused.message, form: req.body }, refused.status);
    }
    if (!hosts(sandbox).some((h) => h.id === form.data.hostId)) return renderPanel(req, res, { error: "Choose one of the sandbox's Zoom users as host", form: req.body }, 400);
    const { webinar, deliveries } = await sim.createWebinar(form.data);
    done(req, res, next, `Created the webinar "${webinar.topic}" (${webinar.id}).`, deliveries);
  });

  // A past webinar the app never heard of, to try "Import past webinars" (src/backfill).
  router.post("/sandbox/past-webinars", async (req, res, next) => {
    const form = pastForm.safeParse(req.body);
    if (!form.success) {
      const refused = invalidInput(form.error, { code: "VALIDATION", plain: true });
      return renderPanel(req, res, { error: refused.message, pastForm: req.body }, refused.status);
    }
    if (!hosts(sandbox).some((h) => h.id === form.data.hostId)) return renderPanel(req, res, { error: "Choose one of the sandbox's Zoom users as host", pastForm: req.body }, 400);
    const { webinar, registrants, attendees } = sim.createPastWebinar({ ...form.data, people: parsePeople(form.data.people ?? "") });
    const days = form.data.daysAgo === 1 ? "1 day" : `${form.data.daysAgo} days`;
    done(
      req,
      res,
      next,
      `Created the past webinar "${webinar.topic}" (${webinar.id}), held ${days} ago: ${registrants} registered, ${attendees} attended. Zoom sent the app nothing about it: import it from Settings, "Import past webinars".`,
      [],
    );
  });

  const step = (path: string, run: (id: string, req: Request) => Promise<Delivery[]>, said: (n: number) => string) =>
    router.post(`/sandbox/webinars/:id/${path}`, async (req, res, next) => {
      const id = req.params.id;
      if (!sim.webinars().some((w) => w.id === id)) throw new AppError("NOT_FOUND", `The sandbox has no webinar ${id}`, 404);
      const deliveries = await run(id, req);
      done(req, res, next, said(deliveries.length), deliveries);
    });

  step("registrants", (id, req) => sim.register(id, people(req)), (n) => (n ? `Registered ${n} ${n === 1 ? "person" : "people"}.` : "Nobody new to register."));
  step(
    "join",
    (id, req) => sim.join(id, people(req), minute(req) ?? 0, { hideEmails: (req.body as { hideEmails?: unknown } | undefined)?.hideEmails === "on" }),
    (n) => (n ? `${n} joined the webinar.` : "Everyone is already in."),
  );
  step("leave", (id, req) => sim.leave(id, minute(req)), (n) => (n ? `${n} left the webinar.` : "Nobody was in the webinar."));
  step("end", (id, req) => sim.end(id, minute(req)), (n) => (n ? "The webinar has ended." : "The webinar was not running."));
  step(
    "recording",
    async (id) => {
      const w = sim.webinar(id);
      if (w.status !== "ended") throw new AppError("WEBINAR_NOT_ENDED", "End the webinar first: Zoom makes recordings of finished webinars", 409);
      return sim.record(id);
    },
    () => "The recording and its transcript are ready.",
  );

  // Simulate a problem: HubSpot or Zoom refuses the app (src/sandbox/problems.ts).
  router.post("/sandbox/problems/:problem", async (req, res, next) => {
    const which = problem.safeParse(req.params.problem);
    if (!which.success) throw new AppError("NOT_FOUND", "No such problem to simulate", 404);
    const { text, deliveries } = await simulateProblem(s, sandbox, which.data);
    done(req, res, next, text, deliveries);
  });

  router.post("/sandbox/workflow-action", async (req, res) => {
    const form = actionForm.safeParse(req.body);
    if (!form.success) {
      const refused = invalidInput(form.error, { code: "VALIDATION", plain: true });
      return renderPanel(req, res, { error: refused.message, actionForm: req.body }, refused.status);
    }
    const f = form.data;
    if (f.contactId && !findPortalContact(sandbox, f.contactId)) return renderPanel(req, res, { error: "Choose a contact of the simulated portal", actionForm: req.body }, 400);
    const who: ActionContact = f.contactId ? { contactId: f.contactId } : { firstName: f.firstName, lastName: f.lastName, email: f.email };
    const actionRun = await runWorkflowAction(sandbox, f.webinarIdTyped || f.webinarId, who, f.occurrence);
    await renderPanel(req, res, { actionRun, actionForm: req.body });
  });

  async function renderPanel(
    req: Request,
    res: Response,
    extra: { flash?: unknown; error?: string; form?: unknown; pastForm?: unknown; actionForm?: unknown; actionRun?: ActionRunView },
    status = 200,
  ) {
    const zoomUsers = hosts(sandbox);
    const webinars = sim.webinars().map((w) => {
      const instance = sim.currentInstance(w);
      return {
        id: w.id,
        topic: w.topic,
        startTime: w.start_time,
        host: zoomUsers.find((h) => h.id === w.host_id)?.email ?? w.host_id,
        status: w.status === "ended" ? "ended" : instance ? "running" : "scheduled",
        registrants: w.registrants.length,
        inside: instance ? instance.participants.filter((p) => !p.leave_time).length : 0,
        duration: w.duration ?? 60,
        kind: w.creation_source === "zoom_events" ? "Zoom Events" : w.occurrences?.length ? `recurring, ${w.occurrences.length} occurrences` : w.registration_questions ? "with registration questions" : "",
        questions: Boolean(w.registration_questions),
      };
    });
    res.status(status).render("sandbox-panel", {
      warnings: await setupWarnings(s, sessionPortalId(req)),
      title: "Sandbox panel",
      portalId: SANDBOX_PORTAL_ID,
      csrfToken: req.session.csrfToken,
      hosts: zoomUsers,
      webinars,
      sample: samplePeople(5),
      form: { topic: "", hostId: "", startsInMinutes: "0", durationMinutes: "60", kind: "webinar", ...(extra.form as object) },
      pastForm: { topic: "", hostId: "", daysAgo: "14", durationMinutes: "60", people: samplePeople(6), ...(extra.pastForm as object) },
      flash: extra.flash,
      error: extra.error,
      webhookUrl: "/webhooks/zoom",
      contacts: portalContacts(sandbox),
      actionForm: { webinarId: "", webinarIdTyped: "", contactId: "", firstName: "", lastName: "", email: "", occurrence: "all", ...(extra.actionForm as object) },
      actionRun: extra.actionRun,
      actionPath: ACTION_PATH,
    });
  }
  return router;
}

/** A warning of the panel, with the one link that acts on it. */
export interface SetupWarning {
  text: string;
  action: { label: string; href: string };
}

const OPEN_SETTINGS = { label: "Open Settings", href: "/settings" };

/**
 * What keeps the panel's webinars from reaching the simulated portal, in plain words. Zoom's
 * state is the connection health's (src/install/health.ts), in its words: a problem the
 * banner beside it already names (revoked, removed, a wrong secret) is not said twice, and
 * "not connected" gets the health's own action.
 */
async function setupWarnings(s: { db: Database }, portalId: bigint): Promise<SetupWarning[]> {
  const [{ portal, zoom }, health] = await Promise.all([portalStatus(s.db.prisma, portalId), connectionHealth(s.db.prisma, portalId)]);
  if (health.zoom.status === "not_connected") {
    return [{ text: `${health.zoom.message} The app ignores these webinars until then.`, action: health.zoom.action ?? OPEN_SETTINGS }];
  }
  if (health.zoom.status !== "ok") return []; // the banner says it, with its action
  if (zoom?.accountId !== SANDBOX_ZOOM_ACCOUNT) {
    return [{ text: "Zoom is connected to another account than the sandbox's: the app ignores these webinars until you connect the sandbox's account.", action: OPEN_SETTINGS }];
  }
  if (!portal?.webinarSyncEnabled || portal.webinarSyncScope === "none") {
    return [{ text: "Webinar sync is off: the app records these webinars but writes nothing to HubSpot until you turn it on in Settings.", action: OPEN_SETTINGS }];
  }
  return [];
}

const hosts = (sandbox: Sandbox) => sandbox.zoom.account(SANDBOX_ZOOM_ACCOUNT).users.map((u) => ({ id: u.id, email: u.email, name: `${u.first_name} ${u.last_name}` }));

function people(req: Request) {
  const form = peopleForm.safeParse(req.body ?? {});
  if (!form.success) throw invalidInput(form.error, { code: "VALIDATION", plain: true });
  return parsePeople(form.data.people ?? "");
}

function minute(req: Request) {
  const form = minuteForm.safeParse(req.body ?? {});
  if (!form.success) throw invalidInput(form.error, { code: "VALIDATION", plain: true });
  return form.data.minute;
}

/** Back to the panel, saying what happened and how the app answered Zoom's webhooks. */
function done(req: Request, res: Response, next: NextFunction, text: string, deliveries: Delivery[]) {
  const refused = deliveries.filter((d) => d.status >= 300);
  const sent = deliveries.length
    ? ` Zoom sent ${deliveries.length} webhook${deliveries.length === 1 ? "" : "s"} to the app` +
      (refused.length ? `; the app refused ${refused.length} (HTTP ${[...new Set(refused.map((d) => d.status))].join(", ")}).` : ", and the app accepted all of them.")
    : "";
  req.session.flash = { kind: refused.length ? "warning" : "ok", text: text + sent };
  // Saved before the redirect is sent: a browser may follow it before the response ends.
  req.session.save((err) => (err ? next(err) : res.redirect(303, "/sandbox")));
}
