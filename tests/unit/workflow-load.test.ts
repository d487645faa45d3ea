import "../setup/features";
import "../setup/guard";
// The workflow YAML loader: every bad fixture is refused with file, line, column and a Chinese reason,
// all problems at once and no definition; the built-in expert-admission workflow loads clean.
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatLoadError, loadWorkflowYaml, loadWorkflowYamlOrThrow, WorkflowDefinitionError } from "~/engine/workflows/load";
import type { WorkflowLoadError } from "~/engine/workflows/load";

const FIXTURES = path.resolve("tests/fixtures/workflows");
const FORM_KEYS = fs.readdirSync("forms").filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));

function errorsOf(file: string): WorkflowLoadError[] {
  const r = loadWorkflowYaml(fs.readFileSync(path.join(FIXTURES, "bad", file), "utf8"), file);
  assert.not.ok(r.ok, `${file} should be refused`);
  assert.not.ok("definition" in r, "nothing half-loads");
  return r.ok ? [] : r.errors;
}

// file → the one expected error: [line, col, message fragment]
const CASES: Record<string, [number, number, string]> = {
  "syntax.yaml": [4, 1, "YAML 语法错误"],
  "not-mapping.yaml": [1, 1, "流程定义必须是一个映射（键: 值），而不是列表"],
  "missing-field.yaml": [1, 1, '缺少必填字段 "initial"'],
  "wrong-type.yaml": [2, 10, '字段 "version" 应为整数'],
  "key-mismatch.yaml": [1, 6, 'key "other-key" 必须与文件名 "key-mismatch" 一致'],
  "undefined-state.yaml": [10, 50, '转换 "finish" 的目标状态 "dnoe" 未定义（是否应为 "done"？）'],
  "initial-undefined.yaml": [5, 10, '初始状态 "start" 未定义'],
  "unknown-guard.yaml": [10, 79, '转换 "finish" 中的守卫 "batch-opened" 未定义（是否应为 "batch-open"？）'],
  "unknown-effect.yaml": [10, 80, '转换 "finish" 中的效果 "send-mail" 未定义（可用：stamp-submitted-at、clear-submitted-at、notify、assign-number、'],
  "unknown-step-type.yaml": [12, 37, '步骤 "info" 的类型 "forms" 未定义（是否应为 "form"？）'],
  "unknown-role.yaml": [10, 69, '转换 "finish" 中的角色 "reviwer" 未定义（是否应为 "reviewer"？）'],
  "duplicate-event.yaml": [11, 14, '转换 "finish" 在状态 "draft" 下重复定义（第1个转换已定义）'],
  "unreachable.yaml": [9, 3, '状态 "lost" 不可达'],
  "final-outgoing.yaml": [11, 41, '状态 "done" 是终态，不能再有转出的转换（转换 "reopen"）'],
  "form-without-forms.yaml": [12, 5, '表单步骤 "info" 必须用 forms 列出至少一个表单'],
  "duplicate-step.yaml": [13, 12, '步骤 key "info" 重复（第1个步骤已使用）'],
};

for (const [file, [line, col, fragment]] of Object.entries(CASES)) {
  test(`refused with line and column: ${file}`, () => {
    const errors = errorsOf(file);
    assert.is(errors.length, 1, errors.map(formatLoadError).join("\n"));
    const [e] = errors;
    assert.is(e.file, file);
    assert.equal([e.line, e.col], [line, col], formatLoadError(e));
    assert.ok(e.message.includes(fragment), `${formatLoadError(e)}\n  expected: ${fragment}`);
    assert.ok(formatLoadError(e).startsWith(`${file} 第${line}行第${col}列：`));
  });
}

test("an unknown field (typo) is named at its key, with a suggestion", () => {
  const errors = errorsOf("unknown-field.yaml").map(formatLoadError);
  assert.equal(errors, ['unknown-field.yaml 第1行第1列：缺少必填字段 "title"', 'unknown-field.yaml 第3行第1列：未知字段 "tittle"（是否应为 "title"？）']);
});

test("every problem is reported, not only the first, in file order", () => {
  const errors = errorsOf("many-errors.yaml");
  assert.equal(errors.map((e) => [e.line, e.col]), [[1, 1], [3, 1], [10, 50], [10, 61]]);
  assert.match(errors[3].message, '角色 "expret" 未定义（是否应为 "expert"？）');
});

test("every bad fixture has a case", () => {
  const files = fs.readdirSync(path.join(FIXTURES, "bad")).filter((f) => f !== "many-errors.yaml" && f !== "unknown-field.yaml");
  assert.equal(files.sort(), Object.keys(CASES).sort());
});

const SKELETON = (extra: string) => `key: inline
version: 1
title: 小流程
subject: Application
initial: draft
states:
  draft: { title: 草稿, editable: true }
  done: { title: 完成, final: true }
transitions:
  - { event: finish, title: 完成, from: draft, to: done, by: [expert] }
${extra}`;

const inline = (extra: string) => {
  const r = loadWorkflowYaml(SKELETON(extra), "inline.yaml");
  return r.ok ? [] : r.errors.map(formatLoadError);
};

test("step options are checked by the step type", () => {
  assert.equal(inline("steps:\n  - { key: sign, title: 签字, type: sign-upload }\n"), ['inline.yaml 第12行第5列：签字上传步骤 "sign" 必须用 document 指定文书模板']);
  assert.equal(inline("steps:\n  - { key: sign, title: 签字, type: sign-upload, document: pledge, forms: [profile] }\n"), ['inline.yaml 第12行第66列：步骤 "sign"：类型 "sign-upload" 不使用字段 "forms"']);
  assert.equal(
    inline("steps:\n  - { key: check, title: 提交, type: review-submit }\n  - { key: info, title: 信息, type: form, forms: [profile] }\n"),
    ['inline.yaml 第12行第36列：核对提交步骤 "check" 必须是最后一步'],
  );
  assert.equal(inline("steps:\n  - { key: info, title: 信息, type: form, forms: [profile, profile] }\n"), ['inline.yaml 第12行第58列：表单步骤 "info" 重复列出表单 "profile"']);
});

test("a transition's confirm: text is kept as written; an empty one is refused at its line", () => {
  const withText = (text: string) => SKELETON("").replace("by: [expert] }", `by: [expert], confirm: ${text} }`);
  const r = loadWorkflowYaml(withText("完成后不能再修改。"), "inline.yaml");
  assert.ok(r.ok && r.definition.transitions[0].confirm === "完成后不能再修改。", JSON.stringify(r));
  const bad = loadWorkflowYaml(withText('""'), "inline.yaml");
  assert.not.ok(bad.ok);
  assert.match(bad.ok ? "" : bad.errors.map(formatLoadError).join("\n"), /第10行.*confirm/);
});

test("guard and effect arguments are checked by their registry entries", () => {
  const yaml = SKELETON("").replace("by: [expert] }", "by: [expert], effects: [notify, { assign-number: { digits: 0 } }] }");
  const r = loadWorkflowYaml(yaml, "inline.yaml");
  assert.not.ok(r.ok);
  const messages = r.ok ? [] : r.errors.map((e) => e.message);
  assert.equal(messages, ['转换 "finish" 中的效果 "notify"：缺少 message（通知内容）', '转换 "finish" 中的效果 "assign-number"：digits 应为1到12的整数']);
  assert.equal(inline("").length, 0, "the skeleton itself is fine");
  const refBad = SKELETON("").replace("by: [expert] }", "by: [expert], guards: [{ a: {}, b: {} }] }");
  const r2 = loadWorkflowYaml(refBad, "inline.yaml");
  assert.match(r2.ok ? "" : r2.errors[0].message, "应写成名称");
});

test("a non-final state with no way out is refused", () => {
  const yaml = SKELETON("").replace("  done: { title: 完成, final: true }", "  done: { title: 完成 }");
  const r = loadWorkflowYaml(yaml, "inline.yaml");
  assert.equal(r.ok ? [] : r.errors.map(formatLoadError), ['inline.yaml 第8行第3列：状态 "done" 不是终态（final），却没有任何转出的转换']);
});

test("forms and documents can be checked against what exists", () => {
  const r = loadWorkflowYaml(SKELETON("steps:\n  - { key: info, title: 信息, type: form, forms: [profil] }\n"), "inline.yaml", { knownForms: FORM_KEYS });
  assert.match(r.ok ? "" : r.errors[0].message, '表单 "profil" 不存在（是否应为 "profile"？）');
});

test("an alias bomb or an oversized file is refused, not expanded", () => {
  const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
  const r = loadWorkflowYaml(bomb, "bomb.yaml");
  assert.not.ok(r.ok);
  const big = loadWorkflowYaml("#" + "x".repeat(300_000), "big.yaml");
  assert.match(big.ok ? "" : big.errors[0].message, "文件过大");
});

test("loadWorkflowYamlOrThrow lists every problem in the error message", () => {
  try {
    loadWorkflowYamlOrThrow(fs.readFileSync(path.join(FIXTURES, "bad", "many-errors.yaml"), "utf8"), "many-errors.yaml");
    assert.unreachable();
  } catch (e) {
    assert.instance(e, WorkflowDefinitionError);
    assert.is((e as WorkflowDefinitionError).errors.length, 4);
    assert.is((e as Error).message.split("\n").length, 4);
  }
});

test("workflows/expert-admission.yaml loads clean, with the manual's steps, states and buttons", () => {
  const r = loadWorkflowYaml(fs.readFileSync("workflows/expert-admission.yaml", "utf8"), "workflows/expert-admission.yaml", { knownForms: FORM_KEYS });
  assert.ok(r.ok, r.ok ? "" : r.errors.map(formatLoadError).join("\n"));
  if (!r.ok) return;
  const def = r.definition;
  assert.is(def.key, "expert-admission");
  assert.equal(def.steps.map((s) => s.title), ["填写基本信息", "签署入库承诺书", "上传申请表", "提交"]);
  assert.equal(def.steps[0].forms, ["expert-basic-info", "expert-education", "expert-titles", "expert-qualifications", "expert-work-history", "expert-avoidance"]);
  assert.equal(def.steps.slice(1, 3).map((s) => s.document), ["pledge", "application-form"]);
  assert.equal(Object.fromEntries(Object.entries(def.states).map(([k, s]) => [k, s.title])), { draft: "草稿", submitted: "已提交", reviewing: "审核中", approved: "审核通过", returned: "已退回" });
  assert.equal(def.transitions.map((t) => [t.event, t.title]), [["submit", "提交审核"], ["withdraw", "撤回"], ["accept", "开始审核"], ["approve", "通过"], ["return", "退回修改"]]);
  const submit = def.transitions[0];
  assert.equal(submit.from, ["draft", "returned"]);
  assert.equal(submit.guards.map((g) => g.name), ["steps-complete", "batch-open", "document-current"]);
  assert.equal(submit.effects.map((g) => g.name), ["stamp-submitted-at", "notify"]);
});

test("the review fixture normalizes: from is a list, refs carry args", () => {
  const r = loadWorkflowYaml(fs.readFileSync(path.join(FIXTURES, "review.yaml"), "utf8"), "review.yaml");
  assert.ok(r.ok);
  if (!r.ok) return;
  const withdraw = r.definition.transitions.find((t) => t.event === "withdraw")!;
  assert.equal(withdraw.from, ["submitted"]);
  assert.equal(withdraw.guards, []);
  assert.equal(r.definition.transitions.find((t) => t.event === "approve")!.effects[0], { name: "assign-number", args: { prefix: "T", digits: 4 } });
  assert.equal(r.definition.start, { by: ["expert"], guards: [{ name: "no-open-application", args: {} }] });
});

test.run();
