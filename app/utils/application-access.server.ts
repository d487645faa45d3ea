// Loading an application for a request: signed in, and allowed to read (or change) it. One the user
// may not read answers 404, exactly like one that does not exist.
import { subject } from "@casl/ability";
import { loadApplication } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { requireAbility, requireAuth } from "./auth.server";
import type { Auth } from "./auth.server";
import { httpError } from "./http.server";

export async function authorizedApplication(request: Request, id: string | undefined, action: "read" | "update"): Promise<{ auth: Auth; app: Application }> {
  const auth = await requireAuth(request);
  return { auth, app: await applicationFor(auth, id, action) };
}

/** For actions: authenticate, read the (CSRF-checked) form, then load — so a forged post gets 403 first. */
export async function applicationFor(auth: Auth, id: string | undefined, action: "read" | "update", withForms?: string[]): Promise<Application> {
  const n = Number(id);
  const app = id && /^\d{1,12}$/.test(id) && n > 0 ? await loadApplication(n, withForms) : undefined;
  if (!app || !auth.ability.can("read", subject("Application", { owner_id: app.instance.ownerId } as Record<string, unknown>))) throw httpError(404, "申请不存在");
  requireAbility(auth.ability, action, "Application", { owner_id: app.instance.ownerId });
  return app;
}
