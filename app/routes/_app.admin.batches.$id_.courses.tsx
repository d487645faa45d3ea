// 课程内容 (admin): per course of the batch, its lessons — add (upload an MP4/WebM video or a PDF),
// remove, move up or down. Courses themselves (name, study days) are edited in 批次设置.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import Progress from "antd/es/progress/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { useState } from "react";
import { CsrfInput, useCsrfToken } from "~/components/csrf-input";
import { FileChooser } from "~/components/file-chooser";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { changeLesson, coursesPage, requireBatch } from "~/features/courses/lessons.server";
import { LESSON_KIND_LABEL, type LessonView } from "~/features/courses/shapes";
import { LESSON_ACCEPT, uploadLesson } from "~/features/courses/upload-client";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";
import { CappedInput } from "~/components/form/capped-input";

export const meta: MetaFunction = () => [{ title: "课程内容 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Course");
  return json(await coursesPage(auth, await requireBatch(params.id)));
}

type Answer = { ok: boolean; message: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Course");
  const form = await readForm(request);
  const batchId = await requireBatch(params.id);
  const intent = field(form, "intent", 20);
  if (intent !== "remove" && intent !== "up" && intent !== "down") throw httpError(400, "未知的操作");
  const lessonId = Number(field(form, "lessonId", 12));
  if (!Number.isSafeInteger(lessonId) || lessonId <= 0) throw httpError(400, "请选择课件");
  return json<Answer>({ ok: true, message: await changeLesson(auth, batchId, lessonId, intent, clientIp(context)) });
}

const duration = (s: number) => (s >= 60 ? `${Math.floor(s / 60)} 分 ${s % 60} 秒` : `${s} 秒`);

function LessonAction({ lesson, intent, label, danger }: { lesson: LessonView; intent: string; label: string; danger?: boolean }) {
  const f = useFetcher<Answer>();
  return (
    <f.Form method="post" style={{ display: "inline" }}>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="lessonId" value={lesson.id} />
      <Button size="small" htmlType="submit" autoInsertSpace={false} danger={danger} loading={f.state !== "idle"} aria-label={`${label}「${lesson.title}」`}>{label}</Button>
    </f.Form>
  );
}

function AddLesson({ batchId, courseId, maxMb }: { batchId: number; courseId: number; maxMb: number }) {
  const csrf = useCsrfToken();
  const { revalidate } = useRevalidator();
  const [title, setTitle] = useState("");
  const [minStudy, setMinStudy] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [pct, setPct] = useState<number | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const isPdf = !!file && (file.type === "application/pdf" || /\.pdf$/i.test(file.name));
  const submit = async () => {
    if (!title.trim()) return setMsg({ ok: false, text: "请填写课件标题" });
    if (!file) return setMsg({ ok: false, text: "请选择课件文件（MP4、WebM 视频或 PDF 文档）" });
    if (file.size > maxMb * 1024 * 1024) return setMsg({ ok: false, text: `文件过大，单个文件不能超过 ${maxMb} MB` });
    setMsg(null);
    setPct(0);
    try {
      await uploadLesson(batchId, { courseId: String(courseId), title: title.trim(), minStudyS: minStudy }, file, csrf, setPct);
      setMsg({ ok: true, text: `已添加课件「${title.trim()}」` });
      setTitle("");
      setMinStudy("");
      setFile(null);
      revalidate();
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    } finally {
      setPct(null);
    }
  };
  const id = `c${courseId}`;
  return (
    <div className="lesson-add">
      <div className="field">
        <label htmlFor={`${id}-title`}>课件标题</label>
        <CappedInput id={`${id}-title`} value={title} max={100} onChange={(e) => setTitle(e.target.value)} placeholder="如 第一讲 评标流程" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>课件文件</label>
        <FileChooser id={`${id}-file`} accept={LESSON_ACCEPT} file={file} onChange={setFile} />
        <div className="help">MP4 或 WebM 视频（时长从文件中读取），或 PDF 文档；不超过 {maxMb} MB</div>
      </div>
      {isPdf ? (
        <div className="field">
          <label htmlFor={`${id}-min`}>最短学习时间（秒）</label>
          <Input id={`${id}-min`} inputMode="numeric" value={minStudy} onChange={(e) => setMinStudy(e.target.value)} placeholder="如 600" style={{ maxWidth: 200 }} />
        </div>
      ) : null}
      {pct !== null ? <Progress percent={pct} size="small" /> : null}
      {msg ? <Alert type={msg.ok ? "success" : "error"} showIcon role={msg.ok ? "status" : "alert"} title={msg.text} style={{ marginBottom: 8 }} /> : null}
      <Button type="primary" onClick={submit} loading={pct !== null} aria-label="上传课件">上传课件</Button>
    </div>
  );
}

export default function CoursesRoute() {
  const p = useLoaderData<typeof loader>();
  return (
    <>
      <Typography.Title level={3} className="page-title">课程内容：{p.batchName}</Typography.Title>
      <p className="muted">视频课件看满 95% 即为学完；文档课件在页面上停留达到最短学习时间即为学完。课程名称与学习天数在 <Link to={`/admin/batches/${p.batchId}`} style={{ textDecoration: "underline" }}>批次设置</Link> 中修改。</p>
      {p.courses.length === 0 ? <Alert type="info" showIcon title="本批次尚未设置课程，请先在批次设置的“培训课程”中添加课程。" /> : null}
      {p.courses.map((c) => (
        <Card key={c.id} title={`${c.seq}. ${c.name}`} style={{ marginBottom: 16 }}>
          <Table<LessonView> rowKey="id" size="small" pagination={false} scroll={{ x: "max-content" }} dataSource={c.lessons} locale={{ emptyText: "尚无课件" }}
            columns={[
              { title: "序号", key: "seq", render: (_v, _l, i) => i + 1, width: 60 },
              { title: "课件标题", dataIndex: "title" },
              { title: "类型", key: "kind", render: (_v, l) => <Tag>{LESSON_KIND_LABEL[l.kind]}</Tag> },
              { title: "时长", key: "dur", render: (_v, l) => (l.kind === "video" ? duration(l.durationS) : `至少 ${duration(l.neededS)}`) },
              {
                title: "操作", key: "op", render: (_v, l, i) => (
                  <Space size={4} wrap>
                    {i > 0 ? <LessonAction lesson={l} intent="up" label="上移" /> : null}
                    {i < c.lessons.length - 1 ? <LessonAction lesson={l} intent="down" label="下移" /> : null}
                    <LessonAction lesson={l} intent="remove" label="删除" danger />
                  </Space>
                ),
              },
            ]} />
          <AddLesson batchId={p.batchId} courseId={c.id} maxMb={p.maxMb} />
        </Card>
      ))}
      <Link to={`/admin/batches/${p.batchId}`}>返回批次设置</Link>
    </>
  );
}
