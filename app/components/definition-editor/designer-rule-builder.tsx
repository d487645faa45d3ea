// The designer's rule builder: a common cross-field rule chosen as a sentence and written as a JSON Logic
// rule (engine/forms/designer-rules): 结束日期不早于开始日期 (between two date fields of the selected place:
// the form, or each row of the selected top-level list), 合计至少 N 年, 至少填写一项 and 年龄不超过 N 岁（于
// 批次基准日）. Only the sentences the form can hold are offered; a refusal is shown by the designer.
import { useState } from "react";
import Button from "antd/es/button/index.js";
import InputNumber from "antd/es/input-number/index.js";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import type { DesignerModel } from "~/engine/forms/designer-model";
import { fieldAt } from "~/engine/forms/designer-ops";
import type { FieldPath } from "~/engine/forms/designer-ops";
import { addAtLeastOneRule, addDateOrderRule, addMaxAgeRule, addSumAtLeastRule, dateFieldsIn, listsIn, sumColumnsIn } from "~/engine/forms/designer-rules";

type Sentence = "date-order" | "sum" | "at-least-one" | "age";
const SENTENCES: Record<Sentence, string> = {
  "date-order": "结束日期不早于开始日期",
  sum: "合计至少 N 年",
  "at-least-one": "至少填写一项",
  age: "年龄不超过 N 岁（于批次基准日）",
};
/** How the age rule's message names its reference date ($context.batchDate; today outside a batch). */
const REFERENCE_DATE_WORDS = "批次基准日";

const toOptions = (pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));

/** `list`: the place selected in the designer (a top-level list, or [] for the form). */
export function DesignerRuleBuilder({ model, list, onAdd }: { model: DesignerModel; list: FieldPath; onAdd: (fn: (m: DesignerModel) => DesignerModel) => void }) {
  const dates = dateFieldsIn(model, list);
  const topDates = dateFieldsIn(model, []);
  const lists = listsIn(model);
  const summable = lists.filter(([k]) => sumColumnsIn(model, k).length);
  const placeIsList = list.length === 1 && fieldAt(model, list)?.schema.type === "array";
  const canOrder = dates.length >= 2 && (list.length === 0 || placeIsList);
  const offered = (Object.keys(SENTENCES) as Sentence[]).filter((s) =>
    s === "date-order" ? canOrder : s === "sum" ? summable.length > 0 : s === "at-least-one" ? lists.length > 0 : topDates.length > 0);

  const [chosen, setChosen] = useState<Sentence>();
  const [chosenStart, setStart] = useState<string>();
  const [chosenEnd, setEnd] = useState<string>();
  const [chosenList, setList] = useState<string>();
  const [chosenColumn, setColumn] = useState<string>();
  const [chosenDate, setDate] = useState<string>();
  const [years, setYears] = useState<number | null>(8);
  const [age, setAge] = useState<number | null>(60);
  if (!offered.length) return null;

  const sentence = chosen && offered.includes(chosen) ? chosen : offered[0];
  const pickList = (from: [string, string][]) => (chosenList && from.some(([k]) => k === chosenList) ? chosenList : placeIsList && from.some(([k]) => k === list[0]) ? list[0] : from[0]?.[0]);
  const listKey = pickList(sentence === "sum" ? summable : lists);
  const columns = listKey ? sumColumnsIn(model, listKey) : [];
  const column = chosenColumn && columns.some((c) => c.key === chosenColumn) ? chosenColumn : columns[0]?.key;
  const start = chosenStart ?? dates[0]?.[0];
  const end = chosenEnd ?? dates[1]?.[0];
  const date = chosenDate ?? topDates[0]?.[0];

  const add = () => {
    if (sentence === "date-order") onAdd((m) => addDateOrderRule(m, list, start, end));
    else if (sentence === "sum") onAdd((m) => addSumAtLeastRule(m, listKey!, column!, years ?? Number.NaN));
    else if (sentence === "at-least-one") onAdd((m) => addAtLeastOneRule(m, listKey!));
    else onAdd((m) => addMaxAgeRule(m, date!, age ?? Number.NaN, REFERENCE_DATE_WORDS));
  };
  const listSelect = (from: [string, string][]) => <Select aria-label="列表" value={listKey} onChange={(v: string) => setList(v)} options={toOptions(from)} style={{ width: 150 }} />;

  return (
    <section className="designer-rules" aria-label="规则">
      {/* Set apart from the selected field's properties above it: these rules belong to the form (or to each row of the selected list). */}
      <p><strong>表单规则</strong><span className="muted">（作用于整个表单{placeIsList ? "，日期先后也可作用于所选列表的每一项" : ""}，不属于上方所选字段）</span></p>
      <p>添加规则：</p>
      <div>
        <Select aria-label="规则类型" value={sentence} onChange={(v: Sentence) => setChosen(v)} options={offered.map((s) => ({ value: s, label: SENTENCES[s] }))} style={{ width: 240, maxWidth: "100%" }} />
      </div>
      <Space wrap style={{ marginTop: 8 }}>
        {sentence === "date-order" ? (
          <>
            {list.length ? <span>（每一项）</span> : null}
            <Select aria-label="开始日期字段" value={start} onChange={setStart} options={toOptions(dates)} style={{ width: 140 }} />
            <span>不晚于</span>
            <Select aria-label="结束日期字段" value={end} onChange={setEnd} options={toOptions(dates)} style={{ width: 140 }} />
          </>
        ) : sentence === "sum" ? (
          <>
            {listSelect(summable)}
            <span>中的</span>
            <Select aria-label="合计的字段" value={column} onChange={(v: string) => setColumn(v)} options={columns.map((c) => ({ value: c.key, label: c.title }))} style={{ width: 140 }} />
            <span>合计至少</span>
            <InputNumber aria-label="年数" min={0.5} max={100} step={1} value={years} onChange={(v) => setYears(typeof v === "number" ? v : null)} style={{ width: 80 }} />
            <span>年</span>
          </>
        ) : sentence === "at-least-one" ? (
          <>
            {listSelect(lists)}
            <span>至少填写一项</span>
          </>
        ) : (
          <>
            <Select aria-label="出生日期字段" value={date} onChange={(v: string) => setDate(v)} options={toOptions(topDates)} style={{ width: 140 }} />
            <span>对应的年龄在{REFERENCE_DATE_WORDS}不超过</span>
            <InputNumber aria-label="岁数" min={1} max={150} step={1} precision={0} value={age} onChange={(v) => setAge(typeof v === "number" ? v : null)} style={{ width: 80 }} />
            <span>岁</span>
          </>
        )}
        <Button size="small" onClick={add}>添加规则</Button>
      </Space>
    </section>
  );
}
