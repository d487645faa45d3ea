// 暂存 and 下一步 of a wizard form step, from the posted fields to the answer. Shared by the apply route's
// action and the plain 暂存 endpoint, so both check and answer alike.
import { saveFormStep } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { readDocument } from "./form-input.server";
import { httpError } from "./http.server";
import { field, type FormInput } from "./request.server";

export type ApplyAnswer = { ok: true; message: string } | { ok: false; message: string; errors?: Record<string, Record<string, string[]>> };

export async function saveStepFromForm(app: Application, form: FormInput, intent: "save" | "next"): Promise<{ status: number; body: ApplyAnswer }> {
  const step = app.def.steps.find((s) => s.key === field(form, "step", 80));
  if (step?.type !== "form") throw httpError(400, "步骤不存在");
  const docs = readDocument(form);
  if (docs === null || typeof docs !== "object" || Array.isArray(docs)) throw httpError(400, "表单内容格式不正确，请刷新页面后重试");
  const r = await saveFormStep(app, step, docs as Record<string, unknown>, intent === "save" ? "draft" : "full");
  if (!r.ok) return { status: r.status, body: { ok: false, message: r.message, errors: r.errors } };
  return { status: 200, body: { ok: true, message: intent === "save" ? "已暂存" : "已保存" } };
}
