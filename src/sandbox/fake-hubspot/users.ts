import type { FakeHubSpot } from "./index";
import { hubspotError } from "./crm-store";

/** GET /settings/v3/users: the portal's users, at most 100 per page, `after` paging (reference §B4). */
export function registerUserRoutes(fake: FakeHubSpot) {
  fake.app.get("/settings/v3/users", (req, res) => {
    const users = fake.portalOf(res).users;
    const limit = Number(req.query.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return hubspotError(res, 400, "VALIDATION_ERROR", "limit must be between 1 and 100");
    const offset = Number(req.query.after ?? 0);
    const page = users.slice(offset, offset + limit);
    res.json({
      results: page.map((u) => ({ id: u.id, email: u.email, firstName: u.firstName, lastName: u.lastName, roleIds: [], primaryTeamId: null, superAdmin: false })),
      ...(offset + limit < users.length && { paging: { next: { after: String(offset + limit), link: "" } } }),
    });
  });
}
