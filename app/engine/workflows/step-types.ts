// Wizard step types a workflow may name. Here: each type's options and their checks; rendering is the
// wizard's job. Browser-safe.
import type { StepDefinition, WorkflowDefinition } from "./definition-schema";

/** A problem at a path relative to the step (e.g. ["forms"]), in Chinese. */
export type StepProblem = { path: (string | number)[]; message: string };

export type StepType = {
  title: string;
  /** Option fields this type accepts besides key/title/type/description. */
  options: readonly string[];
  check(step: StepDefinition, index: number, def: WorkflowDefinition): StepProblem[];
};

const OPTION_FIELDS = ["forms", "document", "upload"] as const;

export const STEP_TYPES: Record<string, StepType> = {
  form: {
    title: "填写表单",
    options: ["forms"],
    check(step) {
      if (!Array.isArray(step.forms) || step.forms.length === 0) return [{ path: [], message: `表单步骤 "${step.key}" 必须用 forms 列出至少一个表单` }];
      const seen = new Set<string>();
      const out: StepProblem[] = [];
      step.forms.forEach((f, i) => {
        if (seen.has(f)) out.push({ path: ["forms", i], message: `表单步骤 "${step.key}" 重复列出表单 "${f}"` });
        seen.add(f);
      });
      return out;
    },
  },
  "sign-upload": {
    title: "下载签字并上传",
    options: ["document", "upload"],
    check(step) {
      return typeof step.document === "string" ? [] : [{ path: [], message: `签字上传步骤 "${step.key}" 必须用 document 指定文书模板` }];
    },
  },
  "review-submit": {
    title: "核对并提交",
    options: [],
    check(step, index, def) {
      return index === def.steps.length - 1 ? [] : [{ path: ["type"], message: `核对提交步骤 "${step.key}" 必须是最后一步` }];
    },
  },
};

/** Option fields present on a step that its type does not accept. */
export function foreignOptions(step: StepDefinition, type: StepType): string[] {
  return OPTION_FIELDS.filter((f) => step[f] !== undefined && !type.options.includes(f));
}
