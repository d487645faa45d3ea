// Who is asking, and may they: every loader and action starts here (DESIGN rule 4). The signed-in
// user and their CASL abilities are built once per request, from the session, the user's row and
// scopes, and the review tasks the published workflows declare at that moment.
import { redirect } from "@remix-run/node";
import { subject as caslSubject } from "@casl/ability";
import { readSessionWith, type SessionRow } from "~/utils/session.server";
import { httpError, type RequestHead } from "~/utils/http.server";
import { toPublicUser, USER_COLUMNS, type PublicUser, type UserRow } from "~/models/users.server";
import { defineAbilityFor, type Action, type AppAbility, type SubjectType, type TaskState } from "~/engine/permissions/ability";
import { publishedTaskStates } from "~/engine/permissions/task-states.server";
import { ROLE, type Role } from "~/engine/constants";
import { USER_STATUS } from "~/models/constants";
import { reviewerScopes } from "~/models/reviewer-scopes.server";

/**
 * One request's signed-in user. `taskStates`: the review tasks of the published workflows the
 * abilities were built from (empty for experts, who review nothing), for pages that list them.
 */
export type Auth = { user: PublicUser; session: SessionRow; ability: AppAbility; taskStates: readonly TaskState[] };

const cache = new WeakMap<RequestHead, Promise<Auth | null>>();

/** The signed-in user of this request (or null); looked up once per request. */
export function getAuth(request: RequestHead): Promise<Auth | null> {
  let p = cache.get(request);
  if (!p) {
    p = (async () => {
      const found = await readSessionWith<UserRow>(request, USER_COLUMNS);
      const row = found?.user;
      if (!found || !row || row.status !== USER_STATUS.active) return null;
      const session = found.session;
      const user = toPublicUser(row);
      // Reviewers' abilities depend on their scopes (regions, batches): one more query, for them only.
      const scopes = user.role === ROLE.reviewer ? await reviewerScopes(user.id) : undefined;
      // Their task rules come from the published workflows, which an administrator may extend at
      // runtime (in this process or another): read for this request, never kept in a module global.
      const taskStates = user.role === ROLE.expert ? [] : await publishedTaskStates();
      return { user, session, taskStates, ability: defineAbilityFor({ id: user.id, role: user.role, scopes }, taskStates) };
    })();
    cache.set(request, p);
  }
  return p;
}

const PASSWORD_PAGE = "/profile/password";

/**
 * Requires a signed-in user. Anonymous page views are sent to the login page; anonymous data or
 * form requests get 401. A user who must change a temporary password can only reach that page.
 */
export async function requireAuth(request: RequestHead): Promise<Auth> {
  const auth = await getAuth(request);
  const url = new URL(request.url);
  if (!auth) {
    if (request.method === "GET") throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
    throw httpError(401, "登录已失效，请重新登录");
  }
  if (auth.user.mustChangePassword && url.pathname !== PASSWORD_PAGE && url.pathname !== "/logout") {
    throw redirect(PASSWORD_PAGE);
  }
  return auth;
}

/** Requires a signed-in user with one of `roles`; others get 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<Auth> {
  const auth = await requireAuth(request);
  if (!roles.includes(auth.user.role)) throw httpError(403, "您没有权限访问此页面");
  return auth;
}

/** Throws 403 unless the ability allows the action on the subject type or on a concrete row. */
export function requireAbility(ability: AppAbility, action: Action, subject: SubjectType, row?: Record<string, unknown>): void {
  const target = row ? caslSubject(subject, { ...row }) : subject;
  if (!ability.can(action, target as never)) throw httpError(403, "您没有权限执行此操作");
}
