// Wizard step types a workflow may name: each type's options and their checks at publish time, and the
// traits the engine's generic guards read. The engine ships the generic wizard types (a form step, a
// document to print, sign and upload, the final summary); features add their own with
// registerStepType. Rendering is the wizard's job (by `view`), the server side is the feature's
// (step-runtime.server.ts). Browser-safe.
import { registerInto } from "../extensions";
import type { StepDefinition, WorkflowDefinition } from "./definition-schema";

/**
 * A read-only panel a step shows the reviewer on the task page (and may show the applicant in its own
 * view): a title, an optional notice (e.g. that the request is out of date) and a table of texts.
 */
export type StepPanel = {
  title: string;
  notice?: { type: "info" | "warning" | "error"; text: string };
  columns: string[];
  rows: string[][];
  /** Links beside the table (e.g. the record's history), href within the app. */
  links?: { href: string; label: string }[];
};

/** A problem at a path relative to the step (e.g. ["forms"]), in Chinese. */
export type StepProblem = { path: (string | number)[]; message: string };

export type StepType = {
  title: string;
  /** Option fields this type accepts besides key/title/type/description. */
  options: readonly string[];
  check(step: StepDefinition, index: number, def: WorkflowDefinition): StepProblem[];
  /** The wizard view that draws it (a name in the browser's view registry); defaults to the type's name. */
  view?: string;
  /** false for steps that are not filled in (a summary): `steps-complete` does not wait for them. */
  countsAsStep?: boolean;
  /** The step prints its `document` and takes a signed scan of it (`document-current` checks those). */
  printsDocument?: boolean;
};

const OPTION_FIELDS = ["forms", "document", "upload", "options"] as const;

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
    printsDocument: true,
    check(step) {
      return typeof step.document === "string" ? [] : [{ path: [], message: `签字上传步骤 "${step.key}" 必须用 document 指定文书模板` }];
    },
  },
  "review-submit": {
    title: "核对并提交",
    options: [],
    countsAsStep: false,
    check(step, index, def) {
      return index === def.steps.length - 1 ? [] : [{ path: ["type"], message: `核对提交步骤 "${step.key}" 必须是最后一步` }];
    },
  },
};

/** Adds a step type (throws if the name is taken by another). */
export function registerStepType(name: string, type: StepType): void {
  registerInto(STEP_TYPES, "step type", name, type);
}

/** The steps of a definition whose type prints and takes a signed document. */
export const documentSteps = (def: WorkflowDefinition) => def.steps.filter((s) => STEP_TYPES[s.type]?.printsDocument && s.document);

/** Option fields present on a step that its type does not accept. */
export function foreignOptions(step: StepDefinition, type: StepType): string[] {
  return OPTION_FIELDS.filter((f) => step[f] !== undefined && !type.options.includes(f));
}
