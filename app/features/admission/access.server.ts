// Load-and-authorize for a workflow instance (an application), in one place (DESIGN rule 4): signed
// in (401, or the login page for a page view), allowed (403), and there (404). An instance the user
// may not read answers 404, exactly like one that does not exist, so ids cannot be probed.
import { subject } from "@casl/ability";
import { loadApplication } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { applicationSubject } from "~/features/review/review.server";
import type { AppAbility } from "~/engine/permissions/ability";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import type { Auth } from "~/features/accounts/auth.server";
import { httpError } from "~/utils/http.server";

/**
 * How a page looks at an instance:
 * - `read` / `update`: as its applicant (the wizard, its documents, 暂存). Only the owner rule is
 *   tested, so a reviewer or an administrator gets 404 here even where they may review it.
 * - `review`: as a reviewer's task: the user must read the inbox (else 403), and the scope rules are
 *   tested on the instance's attributes (workflow, state, batch, region, submitted).
 */
export type InstanceAccess = "read" | "update" | "review";

const NOT_FOUND = "申请不存在";

/** A path parameter that can be an instance id (1–12 digits, positive), else undefined. */
function instanceId(id: string | undefined): number | undefined {
  const n = Number(id);
  return id && /^\d{1,12}$/.test(id) && n > 0 ? n : undefined;
}

/**
 * The instance if this ability may see it for `access`, else undefined (missing and hidden alike).
 * `withForms`: form keys whose saved rows come in the same query. For lists of ids (批量通过) that
 * report each refusal instead of throwing.
 */
export async function readableInstance(ability: AppAbility, id: string | number | undefined, access: InstanceAccess, withForms?: string[]): Promise<Application | undefined> {
  const n = instanceId(id === undefined ? undefined : String(id));
  const app = n ? await loadApplication(n, withForms) : undefined;
  if (!app) return undefined;
  const seen = access === "review" ? applicationSubject(app) : ownerSubject(app);
  // A reviewer also reads (never reviews) what they routed on to another region (the follow rule).
  return ability.can("read", seen) || (access === "review" && ability.can("follow", seen)) ? app : undefined;
}

/**
 * For actions: authenticate first, read the (CSRF-checked) form, then call this — so a forged post
 * gets 403 before anything is loaded. Throws 403 (not allowed `access`) or 404 (missing or hidden).
 */
export async function instanceFor(auth: Auth, id: string | undefined, access: InstanceAccess, withForms?: string[]): Promise<Application> {
  if (access === "review") requireAbility(auth.ability, "read", "Inbox");
  const app = await readableInstance(auth.ability, id, access, withForms);
  if (!app) throw httpError(404, NOT_FOUND);
  if (access === "update") requireAbility(auth.ability, "update", "Application", { owner_id: app.instance.ownerId });
  return app;
}

/** For loaders: the signed-in user and the instance `id` they may see for `access` (401/403/404 thrown). */
export async function requireInstance(request: Request, id: string | undefined, access: InstanceAccess): Promise<{ auth: Auth; app: Application }> {
  const auth = await requireAuth(request);
  return { auth, app: await instanceFor(auth, id, access) };
}

/** The applicant's view of an instance: only who owns it (see InstanceAccess). */
const ownerSubject = (app: Application) => subject("Application", { owner_id: app.instance.ownerId } as Record<string, unknown>);
