// One form filled by its owner outside any workflow (e.g. 基本信息): load the pinned or latest version,
// save as 暂存 (types only) or 保存 (complete and rules), errors per field in Chinese.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FormPage } from "~/components/form/form-page";
import { formCatalogs } from "~/models/catalogs.server";
import { findSubmission, parseData, prefillForOwner, saveSubmission, versionFor } from "~/models/submissions.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { formatTime } from "~/utils/format";
import { httpError, readForm, field } from "~/utils/request.server";
import { readDocument, formKeyParam } from "~/utils/form-input.server";
import type { ValidationMode } from "~/engine/forms/validate";

/** 暂存 checks types only; 保存 checks completeness and the rules too. */
const SAVE_INTENT: Record<string, ValidationMode | undefined> = { save: "draft", submit: "full" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.form.title ?? "表单"} - 评标专家管理系统` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  const key = formKeyParam(params.key);
  const existing = await findSubmission(user.id, key);
  if (existing) requireAbility(ability, "read", "Submission", existing);
  const form = await versionFor(key, existing);
  if (!form) throw httpError(404, "表单不存在");
  const { definition } = form;
  return json({
    form: { key: form.key, version: form.version, hash: form.hash, title: form.title, schema: definition.schema, uiSchema: definition.uiSchema ?? {}, rules: definition.rules ?? [] },
    // The signed-in owner's own form: fields it prefills from the account are filled where empty.
    data: prefillForOwner(definition, existing ? parseData(existing) : {}, user),
    status: existing?.status ?? null,
    updatedAt: existing ? formatTime(existing.updated_at) : null,
    catalogs: await formCatalogs(),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  const key = formKeyParam(params.key);
  requireAbility(ability, "update", "Submission", { owner_id: user.id });
  const form = await readForm(request);
  const intent = field(form, "intent", 10);
  const mode = SAVE_INTENT[intent];
  if (!mode) throw httpError(400, "未知的操作");
  const data = readDocument(form);
  const saved = await saveSubmission({ ownerId: user.id, formKey: key, data, mode });
  if (!saved.ok) return json({ ok: false as const, errors: saved.errors, message: saved.status === 422 ? "请按提示修改后再保存" : saved.errors[""]?.[0] ?? "保存失败" }, { status: saved.status });
  return json({ ok: true as const, errors: {}, message: mode === "draft" ? "已暂存" : "已保存", status: saved.submission.status, updatedAt: formatTime(saved.submission.updated_at) });
}

export default function FormRoute() {
  const loaded = useLoaderData<typeof loader>();
  return <FormPage {...loaded} />;
}
