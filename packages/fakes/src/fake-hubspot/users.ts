import { fakeRoutes } from "./routes";
import type { FakeHubSpot } from "./index";
import { invalidInput } from "./crm-store";

/**
 * GET /settings/users/2026-03: the portal's users, at most 100 per page, `after` paging
 * (reference platform-2026 §B4; `PublicUser` of Settings/User Provisioning/…/2026-03:
 * id, email, roleIds and superAdmin always there).
 */
export function registerUserRoutes(fake: FakeHubSpot) {
  fake.app.get(fakeRoutes.users, (req, res) => {
    const users = fake.portalOf(res).users;
    const limit = Number(req.query.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalidInput(res, "limit must be between 1 and 100", [{ message: "out of range", in: "limit" }]);
    const offset = Number(req.query.after ?? 0);
    const page = users.slice(offset, offset + limit);
    res.json({
      results: page.map((u) => ({
        id: u.id,
        email: u.email,
        ...(u.firstName && { firstName: u.firstName }),
        ...(u.lastName && { lastName: u.lastName }),
        roleIds: [],
        superAdmin: false,
        secondaryTeamIds: [],
      })),
      ...(offset + limit < users.length && { paging: { next: { after: String(offset + limit), link: "" } } }),
    });
  });
}
