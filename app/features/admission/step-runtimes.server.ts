// The server side of the engine's generic wizard step types, registered like any feature's step type
// (engine/workflows/step-runtime.server.ts): a form step saves its forms (暂存 = `save`, 下一步 = `next`),
// a sign-upload step takes the signed scan of its document (`attach`). Their completion is still read
// from their options by models/applications.server.ts (completedSteps: forms complete, document current).
import type { StepRuntime } from "~/engine/workflows/step-runtime.server";
import { attachScan, saveFormStep } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { documentHashes } from "./documents.server";

/** 暂存 (types only, the posted forms) and 下一步 (every form of the step complete, rules, checks). */
export const formStepRuntime: StepRuntime = {
  intents: ["save", "next"],
  async accept({ app, step }, post) {
    const save = post.intent === "save";
    const r = await saveFormStep(app as Application, step, post.documents(), save ? "draft" : "full");
    if (!r.ok) return { ok: false, status: r.status, message: r.message, errors: r.errors, ...(r.kept ? { kept: r.kept } : {}) };
    return { ok: true, message: save ? "已暂存" : "已保存" };
  },
};

/** The signed scan (`ref`, an upload of the owner's) of the document the step prints. */
export const signUploadStepRuntime: StepRuntime = {
  intents: ["attach"],
  async accept({ app, step }, post) {
    const r = await attachScan(app as Application, step, post.field("ref", 80), documentHashes);
    return r.ok ? { ok: true, message: "扫描件已上传" } : { ok: false, status: r.status, message: r.message };
  },
};
