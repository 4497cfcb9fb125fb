import type { FakeZoom } from "./index";

/** GET /v2/users/me and GET /v2/users (paged with next_page_token). */
export function registerUserRoutes(fake: FakeZoom) {
  fake.app.get("/v2/users/me", (_req, res) => {
    const { account, user } = fake.callerOf(res);
    res.json({ ...user, account_id: account.accountId, status: "active", timezone: "UTC" });
  });

  fake.app.get("/v2/users", (req, res) => {
    const { account } = fake.callerOf(res);
    const page = paginate(account.users, req.query);
    res.json({
      page_size: page.pageSize,
      total_records: account.users.length,
      next_page_token: page.next,
      users: page.items.map((u) => ({ ...u, status: "active" })),
    });
  });
}

/**
 * Zoom's token paging: `page_size` (default 30, max 300) and an opaque
 * `next_page_token`, "" on the last page (reference §A7).
 */
export function paginate<T>(items: T[], query: Record<string, unknown>) {
  const pageSize = Math.min(300, Math.max(1, Number(query.page_size ?? 30) || 30));
  const token = typeof query.next_page_token === "string" && query.next_page_token ? query.next_page_token : undefined;
  const start = token ? Number(Buffer.from(token, "base64url").toString()) || 0 : 0;
  const slice = items.slice(start, start + pageSize);
  const nextStart = start + pageSize;
  return {
    pageSize,
    items: slice,
    next: nextStart < items.length ? Buffer.from(String(nextStart)).toString("base64url") : "",
  };
}
