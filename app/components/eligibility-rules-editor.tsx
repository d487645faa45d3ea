// 资格规则 on the batch editor: each rule as a Chinese sentence whose numbers and choices are plain inputs
// (engine/forms/rule-sentences reads and writes them with the designer's builders), rules added from the
// sentences the batch's forms can hold, or removed. A rule of another shape is listed read-only by its
// message, its JSON one click away; the JSON of all rules stays editable under 「高级」 and is what the form
// posts (`eligibilityRules`), so the server's check remains the one judge.
import { useMemo, useState } from "react";
import Button from "antd/es/button/index.js";
import Collapse from "antd/es/collapse/index.js";
import Input from "antd/es/input/index.js";
import InputNumber from "antd/es/input-number/index.js";
import Select from "antd/es/select/index.js";
import Tag from "antd/es/tag/index.js";
import { toDesigner } from "~/engine/forms/designer-model";
import { levelColumnsIn, sumColumnsIn } from "~/engine/forms/designer-rules";
import { buildSentence, fieldTitle, followSentence, orListChoices, readSentence, sentenceChoices, uniqueId } from "~/engine/forms/rule-sentences";
import type { FormRule, RuleForm, Sentence } from "~/engine/forms/rule-sentences";

/** How an age rule's message names the reference date. */
const ON = "批次基准日";

/** A form of the batch as the editor needs it: key, and the chosen version's title, schema and uiSchema. */
export type RuleFormDefinition = { key: string; title: string; schema?: unknown; uiSchema?: unknown };

/** The rules as a list, or null when the text is not a JSON list. */
function parsed(text: string): unknown[] | null {
  try {
    const v = text.trim() ? JSON.parse(text) : [];
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** The sentence's words before and after its editable value, e.g. ["出生日期：年龄不超过", "周岁（按批次基准日计算）"]. */
function words(s: Sentence, forms: readonly RuleForm[]): { form: string; before: string; after: string } {
  const f = forms.find((x) => x.key === s.form)!;
  // A list named as its form (工作经历 in 「工作经历」) is not named twice.
  const of = (key: string) => (fieldTitle(f, key) === f.title ? "" : `${fieldTitle(f, key)}：`);
  if (s.kind === "max-age") return { form: f.title, before: `${of(s.field)}年龄不超过`, after: "周岁（按批次基准日计算）" };
  if (s.kind === "at-least-one") return { form: f.title, before: `${of(s.list)}至少填写一项`, after: "" };
  if (s.kind === "sum-at-least") {
    const col = sumColumnsIn(f.model, s.list).find((c) => c.key === s.column)?.title ?? s.column;
    return { form: f.title, before: `${of(s.list)}${col}累计满`, after: "年" };
  }
  const col = levelColumnsIn(f.model, s.list).find((c) => c.key === s.column)?.title ?? s.column;
  return { form: f.title, before: `${of(s.list)}须有一项${col}为`, after: "及以上，或填写" };
}

/** The sentence as one line of text (the 添加 menu), its value shown as N or as written. */
function label(s: Sentence, forms: readonly RuleForm[]): string {
  const w = words(s, forms);
  const value = s.kind === "at-least-one" ? "" : s.kind === "min-level" ? ` ${s.level} ` : " N ";
  return `「${w.form}」${w.before}${value}${s.kind === "min-level" ? "及以上" : w.after}`;
}

/**
 * The 资格规则 block of the batch form. `initial` is the rules' JSON text as saved (a list of rules, each
 * with its `form`); `forms` the batch's forms at the versions chosen on the page (the sentences are read
 * against them, so choosing another version re-reads them); `error` the server's message for the field.
 * Posts the rules' JSON text as `eligibilityRules`.
 */
export function EligibilityRulesEditor({ initial, forms: defs, error }: { initial: string; forms: RuleFormDefinition[]; error?: string }) {
  const forms = useMemo<RuleForm[]>(() => defs.map((d) => ({ key: d.key, title: d.title, model: toDesigner(d) })), [defs]);
  const [text, setText] = useState(initial);
  const [advanced, setAdvanced] = useState<string[]>(() => (parsed(initial) ? [] : ["json"]));
  /** Ids of rules whose message the administrator typed: it no longer follows the numbers. */
  const [typed, setTyped] = useState<string[]>([]);
  const [problems, setProblems] = useState<Record<number, string>>({});
  const [shownJson, setShownJson] = useState<number[]>([]);
  const [adding, setAdding] = useState<number | null>(null);
  const rules = parsed(text);
  const choices = useMemo(() => sentenceChoices(forms), [forms]);

  const write = (next: unknown[]) => setText(JSON.stringify(next, null, 2));
  const change = (i: number, was: Sentence, next: Sentence) => {
    const before = rules![i] as FormRule;
    try {
      const others = rules!.flatMap((r, j) => (j !== i && r && typeof r === "object" ? [String((r as FormRule).id)] : []));
      const after = followSentence(before, was, next, forms, { otherIds: others, keepMessage: typed.includes(before.id), on: ON });
      if (typed.includes(before.id)) setTyped([...typed.filter((t) => t !== before.id), after.id]);
      write(rules!.map((r, j) => (j === i ? after : r)));
      setProblems({ ...problems, [i]: "" });
    } catch (e) {
      setProblems({ ...problems, [i]: (e as Error).message });
    }
  };
  const remove = (i: number) => {
    write(rules!.filter((_, j) => j !== i));
    setProblems({});
    setShownJson([]);
  };
  const add = () => {
    if (adding === null || !rules) return;
    const rule = buildSentence(choices[adding], forms, ON);
    const ids = rules.map((r) => String((r as FormRule)?.id));
    write([...rules, { ...rule, id: uniqueId(rule.id, ids) }]);
    setAdding(null);
  };

  return (
    <div className="field eligibility-rules">
      <span className="label" id="l-rules">资格规则</span>
      <div className="help">专家提交表单时按这些规则检查；年龄、年限按批次基准日计算。修改数字后，提示语中的数字随之更新。</div>
      {rules === null ? <div className="err" role="alert">下方 JSON 有误，规则暂无法按句显示；请在「高级」中修改</div> : (
        <ol className="elig-rule-list" aria-labelledby="l-rules">
          {rules.length === 0 ? <li className="muted">尚未设置资格规则。</li> : null}
          {rules.map((r, i) => {
            const rule = r as FormRule;
            const s = readSentence(r, forms);
            const n = i + 1;
            return (
              // Keyed by place: a number typed changes the id, and a remount would take the focus from the box being typed in.
              <li key={i} className="rule-row">
                {s ? (
                  <>
                    <div className="rule-sentence">
                      <Tag>{words(s, forms).form}</Tag>
                      <span>{words(s, forms).before}</span>
                      {s.kind === "max-age" || s.kind === "sum-at-least" ? (
                        <InputNumber aria-label={`第${n}条规则${s.kind === "max-age" ? "年龄上限（周岁）" : "累计年数"}`} value={s.years} min={1} max={s.kind === "max-age" ? 150 : 100} precision={0}
                          style={{ width: 80 }} onChange={(v) => { if (typeof v === "number") change(i, s, { ...s, years: v }); }} />
                      ) : null}
                      {s.kind === "min-level" ? (
                        <Select aria-label={`第${n}条规则最低级别`} value={s.level} style={{ width: 110 }}
                          options={(levelColumnsIn(forms.find((f) => f.key === s.form)!.model, s.list).find((c) => c.key === s.column)?.levels ?? []).map((l) => ({ value: l, label: l }))}
                          onChange={(v) => change(i, s, { ...s, level: v })} />
                      ) : null}
                      {words(s, forms).after ? <span>{words(s, forms).after}</span> : null}
                      {s.kind === "min-level" ? (
                        <>
                          <Select aria-label={`第${n}条规则或填写`} value={s.orList ? `${s.orForm}|${s.orList}` : ""} style={{ width: 220 }}
                            options={[{ value: "", label: "（不设）" }, ...orListChoices(forms, s.form).map(([f, l, t]) => ({ value: `${f}|${l}`, label: t }))]}
                            onChange={(v: string) => { const [orForm, orList] = v.split("|"); change(i, s, v ? { ...s, orForm, orList } : { kind: s.kind, form: s.form, list: s.list, column: s.column, level: s.level }); }} />
                        </>
                      ) : null}
                    </div>
                    <div className="rule-message">
                      <label htmlFor={`rule-msg-${i}`}>提示语</label>
                      <Input.TextArea id={`rule-msg-${i}`} autoSize={{ minRows: 1, maxRows: 4 }} value={rule.message} onChange={(e) => {
                        if (!typed.includes(rule.id)) setTyped([...typed, rule.id]);
                        write(rules.map((x, j) => (j === i ? { ...rule, message: e.target.value } : x)));
                      }} />
                    </div>
                  </>
                ) : (
                  <div className="rule-sentence">
                    <Tag color="default">其他规则</Tag>
                    <span>{typeof rule?.message === "string" ? rule.message : JSON.stringify(r).slice(0, 80)}</span>
                    <Button type="link" size="small" aria-expanded={shownJson.includes(i)} onClick={() => setShownJson(shownJson.includes(i) ? shownJson.filter((x) => x !== i) : [...shownJson, i])}>
                      {shownJson.includes(i) ? "收起 JSON" : "查看 JSON"}
                    </Button>
                  </div>
                )}
                {!s && shownJson.includes(i) ? <pre className="rule-json">{JSON.stringify(r, null, 2)}</pre> : null}
                {problems[i] ? <div className="err" role="alert">{problems[i]}</div> : null}
                <Button size="small" danger autoInsertSpace={false} onClick={() => remove(i)} aria-label={`删除第${n}条规则`}>删除</Button>
              </li>
            );
          })}
        </ol>
      )}
      {rules !== null ? (
        <div className="rule-add">
          <Select aria-label="要添加的规则" placeholder="选择要添加的规则" value={adding ?? undefined} onChange={(v: number) => setAdding(v)} style={{ width: "min(100%, 460px)" }}
            options={choices.map((c, i) => ({ value: i, label: label(c, forms) }))} />
          <Button onClick={add} disabled={adding === null}>添加规则</Button>
        </div>
      ) : null}
      {error ? <div className="err" id="f-eligibilityRules-err" role="alert">{error}</div> : null}
      <Collapse className="rule-advanced" activeKey={advanced} onChange={(k) => setAdvanced(k as string[])} items={[{
        key: "json", label: "高级：查看/编辑 JSON", forceRender: true,
        children: (
          <>
            <label htmlFor="f-eligibilityRules">资格规则（JSON）</label>
            <Input.TextArea id="f-eligibilityRules" name="eligibilityRules" value={text} onChange={(e) => setText(e.target.value)} rows={10} status={error ? "error" : undefined}
              aria-invalid={error ? true : undefined} aria-describedby={error ? "f-eligibilityRules-err" : "f-eligibilityRules-help"} />
            <div className="help" id="f-eligibilityRules-help">{'每条规则：{"form": 表单, "id", "path": 字段, "message": 中文提示, "logic": JSON Logic}'}</div>
          </>
        ),
      }]} />
    </div>
  );
}
