// 培训课程 on the batch editor: the plan's courses in order (课程名称, 学习天数), rows added and removed in
// place and posted with the batch as repeated fields (courseName / courseDays). No JSON to write.
import { useState } from "react";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import Space from "antd/es/space/index.js";
import { CappedInput } from "~/components/form/capped-input";
import { COURSE_DAYS, COURSE_DAYS_TEXT } from "~/models/constants";

type Row = { key: number; name: string; days: string };
/** A 学习天数 typed that the server will refuse (out of COURSE_DAYS, or not a whole number); empty is not yet wrong. */
const daysWrong = (v: string) => {
  const t = v.trim();
  return t !== "" && !(/^\d{1,9}$/.test(t) && +t >= COURSE_DAYS.min && +t <= COURSE_DAYS.max);
};
let nextKey = 1;

export function CourseEditor({ initial, error }: { initial: { name: string; days: string }[]; error?: string }) {
  const [rows, setRows] = useState<Row[]>(() => initial.map((c) => ({ key: nextKey++, ...c })));
  const set = (key: number, patch: Partial<Row>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <Card title="培训课程" style={{ marginBottom: 16 }}>
      <p className="help">专家缴费成功后开始学习；每门课程的学习时间从缴费确认时起算。</p>
      {rows.length === 0 ? <p className="muted">尚未添加课程。</p> : null}
      {rows.map((r, i) => (
        <Space key={r.key} wrap className="course-row" style={{ marginBottom: 8 }}>
          <span>{i + 1}.</span>
          <CappedInput name="courseName" aria-label={`第${i + 1}门课程名称`} placeholder="课程名称" max={100} value={r.name} onChange={(e) => set(r.key, { name: e.target.value })} style={{ width: 260 }} />
          <Input name="courseDays" aria-label={`第${i + 1}门课程学习天数`} placeholder="学习天数" inputMode="numeric" value={r.days} onChange={(e) => set(r.key, { days: e.target.value })} style={{ width: 110 }} suffix="天"
            status={daysWrong(r.days) ? "error" : undefined} aria-invalid={daysWrong(r.days) || undefined} aria-describedby={daysWrong(r.days) ? `course-days-${r.key}` : undefined} />
          <Button onClick={() => setRows(rows.filter((x) => x.key !== r.key))} aria-label={`删除课程（第${i + 1}门）`}>删除课程</Button>
          {daysWrong(r.days) ? <span className="err" id={`course-days-${r.key}`} role="alert">{`第${i + 1}门课程${COURSE_DAYS_TEXT}`}</span> : null}
        </Space>
      ))}
      <div><Button onClick={() => setRows([...rows, { key: nextKey++, name: "", days: "1" }])}>添加课程</Button></div>
      {error ? <div className="err" role="alert">{error}</div> : null}
    </Card>
  );
}
