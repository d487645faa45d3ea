// The designer's rule builder for one place (the form, or a top-level list): 「结束日期不早于开始日期」 between
// two of its date fields, written as a JSON Logic rule (engine/forms/designer-rules). Shown once the place
// has two date fields (not for a group: a 日期范围 brings its own rule).
import { useState } from "react";
import { Button, Select, Space } from "antd";
import type { DesignerModel } from "~/engine/forms/designer-model";
import { fieldAt } from "~/engine/forms/designer-ops";
import type { FieldPath } from "~/engine/forms/designer-ops";
import { addDateOrderRule, dateFieldsIn } from "~/engine/forms/designer-rules";

export function DesignerRuleBuilder({ model, list, onAdd }: { model: DesignerModel; list: FieldPath; onAdd: (fn: (m: DesignerModel) => DesignerModel) => void }) {
  const dates = dateFieldsIn(model, list);
  const [chosenStart, setStart] = useState<string>();
  const [chosenEnd, setEnd] = useState<string>();
  if (dates.length < 2 || list.length > 1 || (list.length === 1 && fieldAt(model, list)?.schema.type !== "array")) return null;
  const start = chosenStart ?? dates[0][0];
  const end = chosenEnd ?? dates[1][0];
  const options = dates.map(([value, label]) => ({ value, label }));
  return (
    <section className="designer-rules" aria-label="规则">
      <p><strong>添加规则：</strong>结束日期不早于开始日期{list.length ? "（每一项）" : ""}</p>
      <Space wrap>
        <Select aria-label="开始日期字段" value={start} onChange={setStart} options={options} style={{ width: 140 }} />
        <span>不晚于</span>
        <Select aria-label="结束日期字段" value={end} onChange={setEnd} options={options} style={{ width: 140 }} />
        <Button size="small" onClick={() => onAdd((m) => addDateOrderRule(m, list, start, end))}>添加规则</Button>
      </Space>
    </section>
  );
}
