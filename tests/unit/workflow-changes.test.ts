import "../setup/guard";
// The workflow editor's change sentences (issue 20): every added, removed and changed state and operation
// of a fixture change is named, by its Chinese titles; guards, effects and roles by the titles given.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { describeWorkflowChanges } from "~/engine/workflows/workflow-changes";

const BEFORE = `
key: demo
version: 1
title: 演示
start: { by: [expert] }
initial: draft
states:
  draft: { title: 填写中, editable: true }
  submitted: { title: 已提交, task: { by: [reviewer] } }
  approved: { title: 已通过, final: true }
  withdrawn: { title: 已撤回, final: true }
transitions:
  - { event: submit, title: 提交审核, from: [draft], to: submitted, owner: true, guards: [form-complete] }
  - { event: approve, title: 审核通过, from: [submitted], to: approved, by: [reviewer], effects: [notify] }
  - { event: withdraw, title: 撤回, from: [submitted], to: withdrawn, owner: true }
`;
const AFTER = `
key: demo
version: 2
title: 演示
start: { by: [expert, admin] }
initial: draft
states:
  draft: { title: 填写中, editable: true }
  submitted: { title: 待审核, task: { by: [reviewer, admin] } }
  approved: { title: 已通过, final: true }
  returned: { title: 已退回, editable: true }
transitions:
  - { event: submit, title: 提交审核, from: [draft, returned], to: submitted, owner: true, guards: [form-complete, batch-open] }
  - { event: approve, title: 同意, from: [submitted], to: approved, by: [admin], effects: [] }
  - { event: return, title: 退回修改, from: [submitted], to: returned, by: [reviewer] }
`;
const titles = {
  roles: { expert: "专家", reviewer: "审核员", admin: "管理员" },
  guards: { "form-complete": "表单已填写完整", "batch-open": "批次在申报期内" },
  effects: { notify: "发送短信通知" },
};

test("a fixture change: every state and operation added, removed or changed is one sentence", () => {
  assert.equal(describeWorkflowChanges(BEFORE, AFTER, titles), [
    "发起人改为专家、管理员",
    "状态「已提交」名称改为「待审核」",
    "状态「已提交」改由审核员、管理员审核",
    "新增状态「已退回」",
    "删除状态「已撤回」",
    "操作「提交审核」改为 填写中、已退回 → 待审核",
    "操作「提交审核」条件新增「批次在申报期内」",
    "操作「审核通过」名称改为「同意」",
    "操作「审核通过」改由管理员执行",
    "操作「审核通过」结果删除「发送短信通知」",
    "新增操作「退回修改」（待审核 → 已退回，由审核员执行）",
    "删除操作「撤回」",
  ]);
});

test("no change, names without titles, and text that is not a workflow yet", () => {
  assert.equal(describeWorkflowChanges(BEFORE, BEFORE.replace("version: 1", "version: 2"), titles), []);
  assert.equal(describeWorkflowChanges(BEFORE, BEFORE.replace("effects: [notify]", "effects: [notify, archive]")), ["操作「审核通过」结果新增「archive」"]);
  assert.equal(describeWorkflowChanges("states: [", BEFORE).length, 8, "from nothing: 4 states and 3 operations added, plus the 发起人");
  assert.equal(describeWorkflowChanges(BEFORE, ""), ["发起人改为无人", "删除状态「填写中」", "删除状态「已提交」", "删除状态「已通过」", "删除状态「已撤回」", "删除操作「提交审核」", "删除操作「审核通过」", "删除操作「撤回」"]);
});

test("the built-in expert-admission v1 → v2 reads as sentences, none of them empty", () => {
  const v1 = fs.readFileSync("workflows/expert-admission.v1.yaml", "utf8");
  const v2 = fs.readFileSync("workflows/expert-admission.yaml", "utf8");
  const sentences = describeWorkflowChanges(v1, v2);
  assert.ok(sentences.every((s) => s.length > 4 && !s.includes("undefined")), sentences.join("\n"));
});

test.run();
