// Issue 18: a change request's field-level difference from the pool record (features/changes/diff.ts):
// rows old → new per group, the patch, and the refusals (group rules, nothing to change) in Chinese.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { usccCheckChar } from "~/engine/forms/formats";
import { askedChange, diffSummary, prefill } from "~/features/changes/diff";
import type { RecordFields } from "~/features/changes/diff";

const t = suite("change diff");
const NAMES = { A01: "建筑工程施工", A02: "建筑结构", A03: "建筑给水排水" };
const USCC = `91650100MA77XJ8E3${usccCheckChar("91650100MA77XJ8E3")}`;
const RECORD: RecordFields = {
  region: "和田地区", workUnit: "甲设计院", specialties: [{ code: "A01", main: true }, { code: "A02" }],
  avoidanceUnits: [{ name: "乙公司", reason: "曾任职" }],
};
const rows = (r: ReturnType<typeof askedChange>) => (r.ok ? r.rows.map((x) => [x.label, x.before, x.after]) : r.message);

t("region and work unit: one row each, the patch; the same value is nothing to change", () => {
  assert.equal(rows(askedChange("region", RECORD, { region: "塔城地区", reason: "调动" }, NAMES)), [["评标地州", "和田地区", "塔城地区"]]);
  assert.match(rows(askedChange("region", RECORD, { region: "和田地区", reason: "调动" }, NAMES)) as string, "没有需要变更的内容");
  assert.match(rows(askedChange("region", RECORD, { region: "塔城地区" }, NAMES)) as string, "异动原因");
  const wu = askedChange("work-unit", RECORD, { workUnit: " 丙研究院 " }, NAMES);
  assert.equal(wu.ok && wu.patch, { workUnit: "丙研究院" });
  assert.match(rows(askedChange("work-unit", RECORD, { workUnit: "甲设计院" }, NAMES)) as string, "没有需要变更的内容");
});

t("specialties: added, removed and 主专业 rows with names; 1–3, one 主专业, no repeats", () => {
  const r = askedChange("specialties", RECORD, { specialties: [{ code: "A02", main: true }, { code: "A03" }] }, NAMES);
  assert.equal(rows(r), [["增加专业", "—", "建筑给水排水"], ["减少专业", "建筑工程施工", "—"], ["主专业", "建筑工程施工", "建筑结构"]]);
  assert.equal(r.ok && r.patch, { specialties: [{ code: "A02", main: true }, { code: "A03" }] });
  assert.match(rows(askedChange("specialties", RECORD, { specialties: [] }, NAMES)) as string, "1至3个");
  assert.match(rows(askedChange("specialties", RECORD, { specialties: [{ code: "A01" }, { code: "A02" }] }, NAMES)) as string, "一个主专业");
  assert.match(rows(askedChange("specialties", RECORD, { specialties: [{ code: "A01", main: true }, { code: "A01" }] }, NAMES)) as string, "不能重复");
  assert.match(rows(askedChange("specialties", RECORD, { specialties: [{ code: "A01", main: true }, { code: "A02" }] }, NAMES)) as string, "没有需要变更的内容");
});

t("avoidance units: added, changed and removed rows; USCC checked; 无 removes all", () => {
  const r = askedChange("avoidance", RECORD, { hasUnits: "有", units: [{ name: "乙公司", reason: "亲属任职" }, { name: "丁公司", uscc: USCC, reason: "曾任职" }] }, NAMES);
  assert.equal(rows(r), [["回避单位（修改）", "乙公司：曾任职", "乙公司：亲属任职"], ["回避单位（增加）", "—", `丁公司（${USCC}）：曾任职`]]);
  assert.equal(rows(askedChange("avoidance", RECORD, { hasUnits: "无" }, NAMES)), [["回避单位（删除）", "乙公司：曾任职", "—"]]);
  assert.match(rows(askedChange("avoidance", RECORD, { hasUnits: "有", units: [{ name: "丁公司", uscc: `${USCC.slice(0, 17)}0`, reason: "曾任职" }] }, NAMES)) as string, "统一社会信用代码");
  assert.match(rows(askedChange("avoidance", RECORD, { hasUnits: "有", units: [] }, NAMES)) as string, "至少填写一个");
});

t("the summary line and the prefilled form", () => {
  assert.is(diffSummary([{ label: "工作单位", before: "甲", after: "乙" }, { label: "评标地州", before: "A", after: "B" }]), "工作单位：甲 → 乙；评标地州：A → B");
  assert.is([...diffSummary([{ label: "工作单位", before: "甲".repeat(300), after: "乙" }])].length, 200);
  assert.equal(prefill("avoidance", { ...RECORD, avoidanceUnits: [] }), { hasUnits: "无" });
  assert.equal(prefill("work-unit", RECORD), { workUnit: "甲设计院" });
});

t.run();
