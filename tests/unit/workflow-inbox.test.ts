import "../setup/features";
import "../setup/guard";
// Issue 13, "workflow instances are generic": a definition declares its inbox presentation (tabs, bulk
// actions) and any list attributes it likes. The checker refuses, in Chinese and at the spot, a tab on
// an unknown state, a bulk action on an unknown event or on one that needs input or is the applicant's
// own, and an attribute of the definition's own without a title; the tabs and bulk actions derived from
// a definition (declared or by default) and merged over several; attribute values read from forms and
// records, capped, with the well-known ones' columns.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatLoadError, loadWorkflowYaml, loadWorkflowYamlOrThrow } from "~/engine/workflows/load";
import type { WorkflowDefinition } from "~/engine/workflows/definition-schema";
import { ATTRIBUTE_MAX, attributeColumns, extraAttributes, formAttributes, recordAttributes } from "~/engine/workflows/attributes";
import { bulkActionAt, definitionTabs, mergeTabs, stateKind } from "~/features/review/inbox-tabs";

const BASE = `key: inline
version: 1
title: 小流程
subject: Application
initial: draft
steps:
  - { key: info, title: 信息, type: form, forms: [profile] }
states:
  draft: { title: 草稿, editable: true }
  checking: { title: 核查中, task: { by: [reviewer] } }
  done: { title: 完成, final: true }
  back: { title: 已退回, editable: true }
transitions:
  - { event: submit, title: 提交, from: [draft, back], to: checking, by: [expert], owner: true }
  - { event: pass, title: 核查通过, from: checking, to: done, by: [reviewer] }
  - event: reject
    title: 退回
    from: checking
    to: back
    by: [reviewer]
    input: { comment: { title: 退回原因, required: true } }
  - event: note
    title: 备注
    from: checking
    to: checking
    by: [reviewer]
    input: { comment: { title: 备注 } }
`;

const load = (extra: string) => loadWorkflowYaml(BASE + extra, "inline.yaml");
const problems = (extra: string) => {
  const r = load(extra);
  return r.ok ? [] : r.errors.map(formatLoadError);
};
const def = (extra = ""): WorkflowDefinition => loadWorkflowYamlOrThrow(BASE + extra, "inline.yaml");
/** Line (1-based) of the first line of BASE + extra containing `needle`. */
const lineOf = (extra: string, needle: string) => (BASE + extra).split("\n").findIndex((l) => l.includes(needle)) + 1;

test("a declared inbox loads: tabs in order, bulk actions as written", () => {
  const extra = "inbox:\n  tabs:\n    - { state: checking, title: 待核查 }\n    - { state: done, title: 已完成 }\n  bulk:\n    - { event: pass, title: 批量核查通过 }\n";
  assert.equal(problems(extra), []);
  assert.equal(def(extra).inbox, { tabs: [{ state: "checking", title: "待核查" }, { state: "done", title: "已完成" }], bulk: [{ event: "pass", title: "批量核查通过" }] });
  assert.is(def().inbox, undefined, "absent stays absent (the definition's hash does not change)");
});

test("a tab on an unknown or repeated state is refused at its line, with a suggestion", () => {
  const unknown = "inbox:\n  tabs:\n    - { state: checkin, title: 待核查 }\n";
  assert.equal(problems(unknown), [`inline.yaml 第${lineOf(unknown, "state: checkin,")}行第16列：审核列表第1个页签的状态 "checkin" 未定义（是否应为 "checking"？）`]);
  const twice = "inbox:\n  tabs:\n    - { state: done, title: 已完成 }\n    - { state: done, title: 完成 }\n";
  assert.equal(problems(twice), [`inline.yaml 第${lineOf(twice, "title: 完成 }")}行第16列：审核列表中状态 "done" 的页签重复（第1个页签已使用）`]);
});

test("a bulk action must be a reviewer's event that needs no input", () => {
  const bulk = (event: string) => `inbox:\n  bulk:\n    - { event: ${event}, title: 批量 }\n`;
  const at = (event: string) => `inline.yaml 第${lineOf(bulk(event), `    - { event: ${event},`)}行第16列：`;
  assert.equal(problems(bulk("pas")), [`${at("pas")}审核列表的批量操作 "pas" 未定义：没有这个转换（是否应为 "pass"？）`]);
  assert.equal(problems(bulk("reject")), [`${at("reject")}审核列表的批量操作 "reject" 需要填写「退回原因」，不能批量执行`]);
  assert.equal(problems(bulk("submit")), [
    `${at("submit")}审核列表的批量操作 "submit" 是申请人本人的操作，不能在审核列表中批量执行`,
    `${at("submit")}审核列表的批量操作 "submit" 不从任何审核任务状态出发，审核人员无法批量执行`,
  ]);
  assert.equal(problems(bulk("note")), [], "an optional comment is no obstacle");
  const twice = "inbox:\n  bulk:\n    - { event: pass, title: 批量 }\n    - { event: pass, title: 又一个 }\n";
  assert.match(problems(twice).join("\n"), '审核列表的批量操作 "pass" 重复（第1个批量操作已使用）');
});

test("the shape of inbox: is checked like every other part, in Chinese", () => {
  assert.match(problems("inbox: {}\n").join("\n"), '字段 "inbox" 不能为空');
  assert.match(problems("inbox:\n  tab: []\n").join("\n"), '未知字段 "tab"（是否应为 "tabs"？）');
  assert.match(problems("inbox:\n  tabs:\n    - { state: done }\n").join("\n"), '缺少必填字段 "title"');
  assert.match(problems("inbox:\n  bulk:\n    - { event: pass, title: 批量, confrim: 确定？ }\n").join("\n"), '未知字段 "confrim"（是否应为 "confirm"？）');
});

test("a definition's own attribute keys need a title; names are lowercase identifiers", () => {
  const attrs = (body: string) => `attributes:\n${body}`;
  assert.equal(problems(attrs("  work_unit: { title: 工作单位, form: profile, field: /workUnit }\n  region: { form: profile, field: /region }\n")), []);
  const untitled = attrs("  work_unit: { form: profile, field: /workUnit }\n");
  assert.equal(problems(untitled), [`inline.yaml 第${lineOf(untitled, "work_unit")}行第3列：属性 "work_unit" 须写明标题 title（审核列表的列名）`]);
  // A misspelt well-known key would otherwise become a new column quietly.
  assert.match(problems(attrs("  regoin: { form: profile, field: /region }\n")).join("\n"), '属性 "regoin" 须写明标题 title（审核列表的列名）；若指内置属性，是否应为 "region"？');
  const hyphen = attrs("  work-unit: { title: 工作单位, form: profile, field: /workUnit }\n");
  assert.equal(problems(hyphen), [`inline.yaml 第${lineOf(hyphen, "work-unit")}行第3列：属性名 "work-unit" 不合法：只能用小写字母、数字和下划线，并以字母开头`]);
  assert.match(problems(attrs("  unit: { title: 单位, form: profile, field: /workUnit, record: /workUnit }\n")).join("\n"), "只能有一个来源");
  assert.match(problems(attrs("  unit: { title: 单位, form: other, field: /workUnit }\n")).join("\n"), '来源表单 "other" 不在任何填写步骤中');
  const many = attrs(Array.from({ length: 21 }, (_, i) => `  a${i}: { title: 列${i}, form: profile, field: /x }\n`).join(""));
  assert.match(problems(many).join("\n"), '字段 "attributes" 最多20项');
  assert.match(problems(attrs(`  ${"a".repeat(41)}: { title: 长, form: profile, field: /x }\n`)).join("\n"), "不能超过40个字符");
});

test("tabs: declared ones first, then any task state they leave out; bulk actions only where the event leaves a task state", () => {
  const d = def("inbox:\n  tabs:\n    - { state: done, title: 已完成 }\n  bulk:\n    - { event: pass, title: 批量核查通过, confirm: 确定吗？ }\n");
  assert.equal(definitionTabs(d), [
    { key: "done", title: "已完成", bulk: [] },
    { key: "checking", title: "核查中", bulk: [{ event: "pass", title: "批量核查通过", verb: "核查通过", confirm: "确定吗？" }] },
  ]);
  assert.ok(bulkActionAt(d, "checking", "pass"));
  assert.is(bulkActionAt(d, "done", "pass"), undefined, "not where the event does not leave from");
  assert.is(bulkActionAt(d, "checking", "note"), undefined, "not an event the definition does not offer in bulk");
});

test("tabs by default: the task states, then the other states but the initial one, titled by the states", () => {
  assert.equal(definitionTabs(def()).map((t) => [t.key, t.title, t.bulk.length]), [["checking", "核查中", 0], ["done", "完成", 0], ["back", "已退回", 0]]);
  const twoLevel = loadWorkflowYamlOrThrow(fs.readFileSync("tests/fixtures/workflows/two-level-admission.yaml", "utf8"), "two-level-admission.yaml");
  assert.equal(definitionTabs(twoLevel).map((t) => t.title), ["地州初审", "自治区复审", "审核通过", "已退回"]);
});

test("expert-admission declares today's inbox: 待审核, 审核中 (批量通过), 已通过, 已退回", () => {
  const admission = loadWorkflowYamlOrThrow(fs.readFileSync("workflows/expert-admission.yaml", "utf8"), "workflows/expert-admission.yaml");
  assert.equal(definitionTabs(admission), [
    { key: "submitted", title: "待审核", bulk: [] },
    { key: "reviewing", title: "审核中", bulk: [{ event: "approve", title: "批量通过", verb: "通过", confirm: "通过后将分配专家编号并通知申请人。" }] },
    { key: "approved", title: "已通过", bulk: [] },
    { key: "returned", title: "已退回", bulk: [] },
  ]);
  assert.equal(["draft", "submitted", "reviewing", "approved", "returned", "gone"].map((s) => stateKind(admission, s)), ["editable", "task", "task", "final", "editable", "other"]);
});

test("tabs of several workflows merge by state, in order of first appearance; the first title wins, bulk actions unite", () => {
  const merged = mergeTabs([
    [{ key: "submitted", title: "待审核", bulk: [] }, { key: "reviewing", title: "审核中", bulk: [{ event: "approve", title: "批量通过", verb: "通过" }] }],
    [{ key: "reviewing", title: "复核中", bulk: [{ event: "approve", title: "另一个", verb: "通过" }, { event: "forward", title: "批量转交", verb: "转交" }] }, { key: "prefecture", title: "地州初审", bulk: [] }],
  ]);
  assert.equal(merged.map((t) => [t.key, t.title, t.bulk.map((b) => b.title)]), [
    ["submitted", "待审核", []], ["reviewing", "审核中", ["批量通过", "批量转交"]], ["prefecture", "地州初审", []],
  ]);
});

test("attribute values: from forms and records, capped; the well-known ones also name their columns", () => {
  const attributes = {
    applicant: { form: "basic", field: "/name" }, region: { record: "/region" }, specialty: { form: "basic", field: "/specialties" },
    work_unit: { title: "工作单位", form: "basic", field: "/workUnit" },
  };
  const basic = { name: " 张三 ", specialties: [{ code: "A01" }, { code: "B02", main: true }], workUnit: "单".repeat(300) };
  const fromForms = formAttributes(attributes, { basic });
  assert.equal(fromForms, { applicant: "张三", specialty: "B02", work_unit: "单".repeat(ATTRIBUTE_MAX) });
  assert.equal(formAttributes(attributes, { other: {} }), {}, "only the forms saved now");
  assert.equal(recordAttributes(attributes, { region: "哈密市" }), { region: "哈密市" });
  assert.equal(attributeColumns({ ...fromForms, region: null }), { applicant_name: "张三", specialty: "B02", region: null });
  assert.equal(extraAttributes({ attributes }), [{ key: "work_unit", title: "工作单位" }]);
});

test.run();
