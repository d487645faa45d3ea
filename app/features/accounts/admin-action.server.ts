// The common start of an administrator's form action (目录管理, 节假日日历, 缴费对账 …).
import type { Role } from "~/engine/constants";
import type { SubjectType } from "~/engine/permissions/ability";
import { clientIp, field, readForm } from "~/utils/request.server";
import { requireAbility, requireAuth } from "./auth.server";

export type AdminForm = {
  form: FormData;
  /** The form's `intent` field (at most 20 characters; "" when missing). */
  intent: string;
  /** Who acts, as the audited model functions take it. */
  actor: { id: number; role: Role; name: string };
  /** The client's address, for the audit log. */
  ip: string;
};

/**
 * Signed in (else 401), allowed to `manage` `subject` (else 403), and the form read with its CSRF token
 * checked (readForm: 403, 413, 415). Throws those HTTP errors as responses; the action goes on with
 * the form, its intent, the actor and the IP.
 */
export async function adminForm(request: Request, context: unknown, subject: SubjectType): Promise<AdminForm> {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "manage", subject);
  const form = await readForm(request);
  return { form, intent: field(form, "intent", 20), actor: { id: user.id, role: user.role, name: user.name }, ip: clientIp(context) };
}
