// Posts for a wizard step, from the posted fields to the answer: 暂存 and 下一步 of a form step, the
// signed scan of a sign-upload step, a feature type's own post. Shared by the apply route's action and
// the plain 暂存 endpoint, so both check and answer alike. Which code handles a post is the step type's
// registered runtime (engine acceptStepPost; the built-in types' are in step-runtimes.server.ts): no
// switch on a type here. The post is read before the application is loaded, so that the saved rows of
// its forms come in the same query.
import { acceptStepPost, isStepIntent } from "~/engine/workflows/step-runtime.server";
import type { StepPost } from "~/engine/workflows/step-runtime.server";
import { formData } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { readDocument } from "~/utils/form-input.server";
import { httpError } from "~/utils/http.server";
import { field, type FormInput } from "~/utils/request.server";

/** The answer of every wizard action (暂存, 下一步, attach, transition): a Chinese message, and per-form, per-field errors. `kept`: on a refused 下一步, the forms saved as drafts all the same (the wizard no longer counts them unsaved). */
export type ApplyAnswer = { ok: true; message: string } | { ok: false; message: string; errors?: Record<string, Record<string, string[]>>; kept?: string[] };

/** A step post as read from the request, with the keys of the form documents it carries (for prefetching). */
export type ReadStepPost = StepPost & { forms: string[] };

/**
 * Reads a step post: `step`, the fields, and the JSON documents in `data` when there are any. Never
 * throws for a bad document: its 4xx is kept and thrown when a runtime asks for the documents.
 */
export function readStepPost(form: FormInput, intent: string): ReadStepPost {
  let docs: Record<string, unknown> | undefined;
  let refusal: Response | undefined;
  try {
    const parsed = readDocument(form);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw httpError(400, "表单内容格式不正确，请刷新页面后重试");
    docs = parsed as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    refusal = e;
  }
  return {
    intent,
    step: field(form, "step", 80),
    field: (name, max) => field(form, name, max),
    documents() {
      if (!docs) throw refusal;
      return docs;
    },
    forms: Object.keys(docs ?? {}),
  };
}

/**
 * Hands the post to its step's runtime and shapes the answer: 400 (thrown) for an unknown step or a
 * step whose type takes no such post (步骤不存在) and for an intent no step type takes (未知的操作).
 */
export async function answerStepPost(app: Application, post: StepPost): Promise<{ status: number; body: ApplyAnswer }> {
  const r = await acceptStepPost({ app, def: app.def, instance: app.instance }, post, () => formData(app));
  if (!r) throw httpError(400, isStepIntent(post.intent) ? "步骤不存在" : "未知的操作");
  if (r.ok) return { status: 200, body: { ok: true, message: r.message } };
  const { ok, message, errors, kept } = r;
  return { status: r.status, body: { ok, message, ...(errors ? { errors } : {}), ...(kept ? { kept } : {}) } };
}
