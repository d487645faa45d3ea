// 暂存 and 下一步 of a wizard form step, from the posted fields to the answer. Shared by the apply route's
// action and the plain 暂存 endpoint, so both check and answer alike. The posted document is read before
// the application is loaded, so that the saved rows of its forms come in the same query.
import { saveFormStep } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { readDocument } from "~/utils/form-input.server";
import { httpError } from "~/utils/http.server";
import { field, type FormInput } from "~/utils/request.server";

/** The answer of every wizard action (暂存, 下一步, attach, transition): a Chinese message, and per-form, per-field errors. `kept`: on a refused 下一步, the forms saved as drafts all the same (the wizard no longer counts them unsaved). */
export type ApplyAnswer = { ok: true; message: string } | { ok: false; message: string; errors?: Record<string, Record<string, string[]>>; kept?: string[] };

export type StepIntent = "save" | "next";

/** The step and its forms' documents as posted; a malformed document is kept as its 4xx, answered later. */
export type StepPost = { intent: StepIntent; step: string; docs?: Record<string, unknown>; refusal?: Response };

/** Reads a step post (`step`, and the JSON documents in `data`); never throws for a bad document (see StepPost). */
export function readStepPost(form: FormInput, intent: StepIntent): StepPost {
  const step = field(form, "step", 80);
  try {
    const docs = readDocument(form);
    if (docs === null || typeof docs !== "object" || Array.isArray(docs)) throw httpError(400, "表单内容格式不正确，请刷新页面后重试");
    return { intent, step, docs: docs as Record<string, unknown> };
  } catch (e) {
    if (e instanceof Response) return { intent, step, refusal: e };
    throw e;
  }
}

/** The forms whose saved rows to load with the application. */
export const postedForms = (post: StepPost | null) => Object.keys(post?.docs ?? {});

/** Validates and saves the posted form step (draft for 暂存, full for 下一步); 400 for an unknown step, the kept refusal for a malformed document. */
export async function saveStepFromPost(app: Application, post: StepPost): Promise<{ status: number; body: ApplyAnswer }> {
  const { intent } = post;
  const step = app.def.steps.find((s) => s.key === post.step);
  if (!step?.forms?.length) throw httpError(400, "步骤不存在");
  if (!post.docs) throw post.refusal;
  const r = await saveFormStep(app, step, post.docs, intent === "save" ? "draft" : "full");
  if (!r.ok) return { status: r.status, body: { ok: false, message: r.message, errors: r.errors, ...(r.kept ? { kept: r.kept } : {}) } };
  return { status: 200, body: { ok: true, message: intent === "save" ? "已暂存" : "已保存" } };
}
