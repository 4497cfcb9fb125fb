import { z } from "zod";
import type { ZoomApi } from "../api";
import { zoomEndpoint, zoomPath } from "../endpoint";

/** GET /users/me — https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId} (reference §A1/A5). */
export const GET_ME = zoomEndpoint("GET", "/users/me");
export const ZoomMe = z.object({ id: z.string(), account_id: z.string(), email: z.string() });
export type ZoomMe = z.infer<typeof ZoomMe>;

/** The user whose token this is: on connect, the Zoom account and the connecting user. */
export async function getMe(api: ZoomApi): Promise<ZoomMe> {
  return ZoomMe.parse(await api.get(zoomPath(GET_ME)));
}

/** GET /users — https://developers.zoom.us/docs/api/users/#tag/users/GET/users (account-level app: every user; paged, reference §A5/§A7). */
export const LIST_USERS = zoomEndpoint("GET", "/users");
export const ZoomUser = z
  .object({
    id: z.string().min(1),
    email: z.string().default(""),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    display_name: z.string().optional(),
  })
  .loose();
export type ZoomUser = z.infer<typeof ZoomUser>;

/** Every user of the account with this status, all pages; an item that does not parse is left out. */
export async function listUsers(api: ZoomApi, { status }: { status: "active" | "inactive" | "pending" }): Promise<ZoomUser[]> {
  const items = await api.list<unknown>(zoomPath(LIST_USERS), "users", { status });
  return items.flatMap((raw) => {
    const parsed = ZoomUser.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}
