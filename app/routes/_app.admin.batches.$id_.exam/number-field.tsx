// One of 考试设置's number inputs (考试时长, 合格分数, 考试次数) with its allowed range shown beside it and
// the server's refusal of the field under it. The input does not narrow a typed value into the range
// (antd's min/max would turn 150 into 100 on blur and save that): the server refuses it and says why.
import InputNumber from "antd/es/input-number/index.js";
import { DEFINITION_NUMBERS } from "~/features/exam/rules";
import type { DefinitionNumber } from "~/features/exam/rules";

/** The labelled input of `name`, its range (「（1–100）」) and `error`, if any, tied to it for screen readers. */
export function NumberField({ name, value, onChange, error }: { name: DefinitionNumber; value: number | null; onChange: (v: number | null) => void; error?: string }) {
  const { title, unit, min, max } = DEFINITION_NUMBERS[name];
  const hint = `exam-${name}-range`;
  const errorId = `exam-${name}-error`;
  return (
    <div className="exam-number">
      <label>
        {title}{" "}
        <InputNumber
          aria-label={`${title}（${unit}）`} aria-invalid={error ? true : undefined} aria-describedby={error ? `${hint} ${errorId}` : hint}
          status={error ? "error" : undefined} value={value} onChange={onChange}
        />{" "}
        {unit}
      </label>
      <span id={hint} className="muted">（{min}–{max}）</span>
      {error ? <div id={errorId} className="field-hint-error" role="alert">{error}</div> : null}
    </div>
  );
}
