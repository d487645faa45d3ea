// 考试设置 page: 考试规则 (per-category draws, time, pass mark, attempts, 补学), 题库 (template, file
// preview with every bad row listed, import, the list with 删除) and 考试情况 (counts, lists, error rates).
import { useState } from "react";
import { Link, useFetcher } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Checkbox from "antd/es/checkbox/index.js";
import InputNumber from "antd/es/input-number/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tabs from "antd/es/tabs/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { useCsrfToken } from "~/components/csrf-input";
import { FileChooser } from "~/components/file-chooser";
import { TableRegion } from "~/components/table-region";
import { UrlPagination } from "~/components/url-pagination";
import { usePost } from "~/components/use-post";
import type { examSettingsPage } from "~/features/exam/admin.server";
import { drawField } from "~/features/exam/rules";
import { BODY_MAX_BYTES, limitText } from "~/utils/body-limits";
import { formatYuan } from "~/utils/money";
import { NumberField } from "./number-field";

type Data = Awaited<ReturnType<typeof examSettingsPage>>;
type Answer = { ok: boolean; message: string; problems?: string[]; fields?: Record<string, string> };
type ImportAnswer = Answer & { total?: number; errorCount?: number; errors?: { row: number; message: string }[]; byCategory?: { category: string; n: number }[] };

export function ExamSettingsPage(p: Data) {
  const [notice, setNotice] = useState<Answer | null>(null);
  const post = usePost<Answer>((a) => setNotice(a));
  return (
    <>
      <Typography.Title level={3} className="page-title">考试设置 · {p.batch.name}</Typography.Title>
      <p><Link to={`/admin/batches/${p.batch.id}`}>返回批次设置</Link></p>
      {notice ? <Alert type={notice.ok ? "success" : "error"} showIcon role={notice.ok ? "status" : "alert"} title={notice.message} description={notice.problems && notice.problems.length > 1 ? notice.problems.join("；") : undefined} style={{ marginBottom: 12 }} closable onClose={() => setNotice(null)} /> : null}
      <Tabs
        items={[
          { key: "rules", label: "考试规则", children: <Rules p={p} post={post} fields={notice?.fields} /> },
          { key: "bank", label: `题库（${p.questions.total}）`, children: <Bank p={p} post={post} /> },
          { key: "results", label: "考试情况", children: <Results p={p} /> },
        ]}
      />
    </>
  );
}

/** 考试规则; `fields` are the last refusal's messages by form field, shown beside their inputs. */
function Rules({ p, post, fields }: { p: Data; post: ReturnType<typeof usePost<Answer>>; fields?: Record<string, string> }) {
  const d = p.definition;
  const [minutes, setMinutes] = useState<number | null>(d.minutes);
  const [passMark, setPassMark] = useState<number | null>(d.passMark);
  const [attempts, setAttempts] = useState<number | null>(d.attempts);
  const [study, setStudy] = useState(d.retakeNeedsStudy);
  // Counts typed here, by category; a category the page has not been edited for shows the saved count,
  // so a category an import adds in the 题库 tab appears (with 0) without shifting the others.
  const [typed, setTyped] = useState<Record<string, number | null>>({});
  const countOf = (c: Data["categories"][number]) => (c.category in typed ? typed[c.category] : c.count);
  const total = p.categories.reduce<number>((s, c) => s + (countOf(c) ?? 0), 0);
  const save = () =>
    post.submit("definition", {
      minutes: String(minutes ?? ""), passMark: String(passMark ?? ""), attempts: String(attempts ?? ""), retakeNeedsStudy: study ? "1" : "0",
      ...Object.fromEntries(p.categories.map((c) => [drawField(c.category), String(countOf(c) ?? 0)])),
    });
  return (
    <Card>
      {!p.defined ? <Alert type="info" showIcon title="尚未设置考试。默认值：100 题、90 分钟、80 分合格、两次考试机会，可按本批次要求修改。" style={{ marginBottom: 12 }} /> : null}
      <Typography.Title level={5}>按分类抽题</Typography.Title>
      {p.categories.length === 0 ? <p className="muted">题库为空，请先在「题库」中导入题目。</p> : null}
      <Space direction="vertical" style={{ display: "flex", marginBottom: 16 }}>
        {p.categories.map((c) => (
          <label key={c.category} className="exam-draw">
            <span style={{ display: "inline-block", minWidth: 140 }}>{c.category}（共 {c.available} 题）</span>
            <InputNumber aria-label={`${c.category} 抽题数量`} status={fields?.[drawField(c.category)] ? "error" : undefined} value={countOf(c)} onChange={(v) => setTyped((t) => ({ ...t, [c.category]: v }))} /> 题
            {fields?.[drawField(c.category)] ? <span className="field-hint-error" role="alert"> {fields[drawField(c.category)]}</span> : null}
          </label>
        ))}
        <span>合计 {total} 题</span>
      </Space>
      <Space wrap size="large" align="start" style={{ display: "flex", marginBottom: 16 }}>
        <NumberField name="minutes" value={minutes} onChange={setMinutes} error={fields?.minutes} />
        <NumberField name="passMark" value={passMark} onChange={setPassMark} error={fields?.passMark} />
        <NumberField name="attempts" value={attempts} onChange={setAttempts} error={fields?.attempts} />
      </Space>
      <div style={{ marginBottom: 16 }}>
        <Checkbox checked={study} onChange={(e) => setStudy(e.target.checked)}>考试不合格须补学后才能重考（补学费用：{formatYuan(p.batch.retakeFeeFen)} 元，在批次设置中修改）</Checkbox>
      </div>
      <Button type="primary" autoInsertSpace={false} aria-label="保存考试设置" loading={post.busy} onClick={save}>保存</Button>
    </Card>
  );
}

function Bank({ p, post }: { p: Data; post: ReturnType<typeof usePost<Answer>> }) {
  const csrf = useCsrfToken();
  const fetcher = useFetcher<ImportAnswer>();
  const [file, setFile] = useState<File | null>(null);
  // The server reads this post whole, at most BODY_MAX_BYTES (less the form around the file): say so here
  // rather than meet its 413, which would replace the page.
  const tooLarge = file && file.size > BODY_MAX_BYTES - 8 * 1024
    ? `题库文件不能超过 ${limitText(BODY_MAX_BYTES)}（所选文件 ${(file.size / (1024 * 1024)).toFixed(1)} MB）。请删去图片和多余的工作表，或分成几个文件导入。`
    : null;
  const send = (intent: "preview" | "import") => {
    if (!file || tooLarge) return;
    const f = new FormData();
    f.set("_csrf", csrf);
    f.set("intent", intent);
    f.set("file", file);
    fetcher.submit(f, { method: "post", encType: "multipart/form-data" });
  };
  const r = fetcher.state === "idle" ? fetcher.data : undefined;
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <a href={`/admin/batches/${p.batch.id}/exam/template`} download>下载题库模板</a>
        <FileChooser label="选择题库文件" accept=".xlsx" file={file} onChange={setFile} />
        <Button onClick={() => send("preview")} disabled={!file || !!tooLarge} loading={fetcher.state !== "idle"}>预览</Button>
        <Button type="primary" onClick={() => send("import")} disabled={!file || !r?.ok || !!r?.errorCount} loading={fetcher.state !== "idle"}>导入</Button>
      </Space>
      {tooLarge ? <Alert type="error" showIcon role="alert" title={tooLarge} style={{ marginBottom: 12 }} /> : null}
      {r && !tooLarge ? (
        <Alert type={r.ok ? "success" : "error"} showIcon role={r.ok ? "status" : "alert"} title={r.message} style={{ marginBottom: 12 }}
          description={r.errors?.length ? <ul className="import-errors">{r.errors.map((e) => <li key={`${e.row}-${e.message}`}>第 {e.row} 行：{e.message}</li>)}</ul>
            : r.byCategory?.length ? r.byCategory.map((c) => `${c.category} ${c.n} 题`).join("，") : undefined} />
      ) : null}
      <TableRegion label="题库">
        <Table
          rowKey="id" size="small" pagination={false} dataSource={p.questions.items} scroll={{ x: 900 }}
          columns={[
            { title: "分类", dataIndex: "category", width: 110 },
            { title: "题型", dataIndex: "kind", width: 80 },
            { title: "题干", dataIndex: "stem" },
            { title: "选项", dataIndex: "options", width: 260 },
            { title: "答案", dataIndex: "answer", width: 70 },
            {
              title: "操作", key: "op", width: 80,
              render: (_v, q) => <Button size="small" danger autoInsertSpace={false} aria-label={`删除第 ${q.id} 题`} onClick={() => post.submit("delete", { id: String(q.id) })}>删除</Button>,
            },
          ]}
        />
      </TableRegion>
      <UrlPagination total={p.questions.total} page={p.questions.page} pageSize={p.questions.pageSize} />
    </Card>
  );
}

type Person = { key: number; name: string; number: string; score: number | null; attempts: number; gradedAt: string };
const PEOPLE = [
  { title: "姓名", dataIndex: "name" }, { title: "专家编号", dataIndex: "number" },
  { title: "成绩", dataIndex: "score", render: (v: number | null) => (v === null ? "-" : `${v} 分`) }, { title: "考试次数", dataIndex: "attempts" }, { title: "批阅时间", dataIndex: "gradedAt" },
];

function Results({ p }: { p: Data }) {
  const r = p.results;
  const people = (title: string, rows: object[]) => ({ key: title, label: title, children: <Table<Person> rowKey="key" size="small" dataSource={rows as Person[]} columns={PEOPLE} pagination={{ pageSize: 10 }} scroll={{ x: 600 }} /> });
  return (
    <Card>
      <Space wrap size="large" style={{ marginBottom: 12 }} className="exam-counts">
        <span>合格 <Tag color="green">{r.counts.passed}</Tag></span>
        <span>不合格 <Tag color="red">{r.counts.failed}</Tag></span>
        <span>考试中 <Tag color="blue">{r.counts.inProgress}</Tag></span>
        <span>未参加 <Tag>{r.counts.notStarted}</Tag></span>
      </Space>
      <Tabs size="small" items={[people("合格", r.passed), people("不合格", r.failed), people("考试中", r.inProgress), people("未参加", r.notStarted)]} />
      <Typography.Title level={5}>各题错误率</Typography.Title>
      <Table
        rowKey="key" size="small" dataSource={r.errorRates} pagination={{ pageSize: 10 }} scroll={{ x: 700 }}
        columns={[
          { title: "分类", dataIndex: "category", width: 110 }, { title: "题型", dataIndex: "kind", width: 80 }, { title: "题干", dataIndex: "stem" },
          { title: "作答人次", dataIndex: "asked", width: 90 }, { title: "答错", dataIndex: "wrong", width: 70 }, { title: "错误率", dataIndex: "rate", width: 90, render: (v: number) => `${v}%` },
        ]}
      />
    </Card>
  );
}
