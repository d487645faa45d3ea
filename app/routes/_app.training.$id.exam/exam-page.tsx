// The exam page. While an attempt is open: the paper, the remaining time from the server's clock (the
// offset to it is re-synced by every saved answer, so a throttled background tab does not drift), each
// answer queued in localStorage and sent at once (answer-queue.ts), re-sent after a reload or when the
// connection is back; 已保存 / 未同步 N 题 says where they are. Otherwise: the definition, the last result
// with its review, and the next step (开始考试, 补学, 重新考试).
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useRevalidator } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Checkbox from "antd/es/checkbox/index.js";
import Descriptions from "antd/es/descriptions/index.js";
import Radio from "antd/es/radio/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { ConfirmButton } from "~/components/confirm-button";
import { useCsrfToken } from "~/components/csrf-input";
import { usePost } from "~/components/use-post";
import { acknowledge, drop, give, restoreQueue, shownChoice, toSend } from "~/features/exam/answer-queue";
import type { QueueState } from "~/features/exam/answer-queue";
import { examAnswerPath, examStartPath } from "~/features/exam/paths";
import type { examPage } from "~/features/exam/exam-page.server";
import { remainingSeconds } from "~/features/exam/rules";

type Data = Awaited<ReturnType<typeof examPage>>;
type Open = NonNullable<Data["open"]>;
/** A button's answer; 开始考试's carries the paper (`open`), 交卷's whether it passed. */
type Answer = { ok: boolean; message: string; open?: Open; passed?: boolean };
const LETTERS = "ABCDEFGH";

export function ExamPage(p: Data) {
  const [notice, setNotice] = useState<Answer | null>(null);
  // The paper 开始考试 answered with, shown until the page's data is loaded again (after 交卷, at the
  // deadline): that data then says what is open.
  const [started, setStarted] = useState<Open | null>(null);
  useEffect(() => setStarted(null), [p.used, p.state, p.open?.attemptId]);
  const post = usePost<Answer>((a) => {
    setNotice(a);
    if (a.open) setStarted(a.open);
  }, { start: examStartPath(p.id) }, { noReload: ["start"] });
  const open = p.open ?? started;
  return (
    <>
      <Typography.Title level={3} className="page-title">考试</Typography.Title>
      {notice ? <Alert type={!notice.ok ? "error" : notice.passed === false ? "warning" : "success"} showIcon role={notice.ok ? "status" : "alert"} title={notice.message} style={{ marginBottom: 12 }} closable onClose={() => setNotice(null)} /> : null}
      {open ? (
        <Paper key={open.attemptId} enrolmentId={p.id} open={open} onSubmit={() => post.submit("submit", { attempt: String(open.attemptId) })} submitting={post.busy} />
      ) : (
        <Summary p={p} post={post} />
      )}
    </>
  );
}

function Summary({ p, post }: { p: Data; post: ReturnType<typeof usePost<Answer>> }) {
  const d = p.definition;
  return (
    <>
      <Card title="考试说明" style={{ marginBottom: 16 }}>
        {d ? (
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label="题目数量">{d.questions} 题</Descriptions.Item>
            <Descriptions.Item label="考试时长">{d.minutes} 分钟</Descriptions.Item>
            <Descriptions.Item label="合格分数">{d.passMark} 分（满分 100 分）</Descriptions.Item>
            <Descriptions.Item label="考试次数">已考 {p.used} 次 / 共 {d.attempts} 次</Descriptions.Item>
          </Descriptions>
        ) : <p className="muted">本批次尚未设置考试。</p>}
        <Space wrap style={{ marginTop: 12 }}>
          {p.canStart ? (
            <ConfirmButton type="primary" loading={post.busy} question="开始后计时，到时间系统将自动交卷。确定开始考试？" okText="开始" onConfirm={() => post.submit("start")}>开始考试</ConfirmButton>
          ) : null}
          {p.canRetake ? <Button type="primary" loading={post.busy} onClick={() => post.submit("retake", { rowVersion: String(p.rowVersion) })}>补学</Button> : null}
          {p.canRetry ? <Button type="primary" loading={post.busy} onClick={() => post.submit("retry", { rowVersion: String(p.rowVersion) })}>重新考试</Button> : null}
          {p.state === "awaiting-payment" ? <Link to={`/training/${p.id}/pay`}>前往缴费</Link> : null}
          <Link to="/training">返回我的培训</Link>
        </Space>
        {p.exhausted ? <Alert type="warning" showIcon title="考试次数已用完，如需再次参加考试，请联系主管部门。" style={{ marginTop: 12 }} /> : null}
        {!p.canStart && !p.result && !p.exhausted && p.state !== "studied" && d ? <p className="muted" style={{ marginTop: 12 }}>培训完毕后即可参加考试。</p> : null}
      </Card>
      {p.result ? (
        <Card title={`第 ${p.result.attemptNo} 次考试成绩`}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label="成绩"><strong className="exam-score">{p.result.score} 分</strong></Descriptions.Item>
            <Descriptions.Item label="批阅状态">{p.result.passed ? <Tag color="green">合格</Tag> : <Tag color="red">不合格</Tag>}</Descriptions.Item>
            <Descriptions.Item label="答对">{p.result.correct} / {p.result.total} 题</Descriptions.Item>
            <Descriptions.Item label="批阅时间">{p.result.submittedAt}{p.result.byDeadline ? "（到时自动交卷）" : ""}</Descriptions.Item>
          </Descriptions>
          {p.result.passed ? null : <p className="muted exam-review-hidden">试题答案与解析在考试合格后公布。</p>}
          {p.result.review.length ? <Typography.Title level={5}>试题回顾</Typography.Title> : null}
          <ol className="exam-review" style={{ paddingLeft: 20 }}>
            {p.result.review.map((q) => (
              <li key={q.id} className={q.correct ? "exam-right" : "exam-wrong"}>
                <p><Tag>{q.kindTitle}</Tag>{q.stem} {q.correct ? <Tag color="green">正确</Tag> : <Tag color="red">错误</Tag>}</p>
                <p className="muted">
                  {q.options.map((o, i) => `${LETTERS[i]}. ${o.text}`).join("　")}
                </p>
                <p>您的答案：{letters(q.options, q.given) || "未作答"}　正确答案：{letters(q.options, q.answer)}</p>
                {q.explanation ? <p className="muted">解析：{q.explanation}</p> : null}
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
    </>
  );
}

const letters = (options: { id: number }[], ids: number[]) => options.flatMap((o, i) => (ids.includes(o.id) ? [LETTERS[i]] : [])).join("");

const storageKey = (attemptId: number) => `exam-answers:${attemptId}`;

function readStored(attemptId: number): QueueState | null {
  try {
    return JSON.parse(window.localStorage.getItem(storageKey(attemptId)) ?? "null") as QueueState | null;
  } catch {
    return null;
  }
}

function Paper({ enrolmentId, open, onSubmit, submitting }: { enrolmentId: number; open: Open; onSubmit: () => void; submitting: boolean }) {
  const csrf = useCsrfToken();
  const revalidator = useRevalidator();
  const queue = useRef<QueueState>(restoreQueue(open.attemptId, null, open.answers));
  const offset = useRef(open.serverNow - Date.now());
  const [, rerender] = useState(0);
  const [clock, setClock] = useState(() => remainingSeconds(open.serverNow, open.deadline));
  const [status, setStatus] = useState<{ offline: boolean; closed?: string }>({ offline: false });
  const sending = useRef(false);
  const retry = useRef<ReturnType<typeof setTimeout>>();
  const autoSubmitted = useRef(false);

  const update = useCallback((next: QueueState) => {
    queue.current = next;
    try {
      window.localStorage.setItem(storageKey(next.attemptId), JSON.stringify(next));
    } catch {
      // storage full or disabled: the answers still go to the server
    }
    rerender((n) => n + 1);
  }, []);

  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    clearTimeout(retry.current);
    try {
      for (;;) {
        const item = toSend(queue.current)[0];
        if (!item) break;
        const body = new URLSearchParams({ _csrf: csrf, attempt: String(open.attemptId), q: String(item.q), seq: String(item.seq), choice: item.choice.join(","), at: String(item.at) });
        let res: Response;
        try {
          res = await fetch(examAnswerPath(enrolmentId), { method: "POST", body, credentials: "same-origin" });
        } catch {
          setStatus((s) => ({ ...s, offline: true }));
          retry.current = setTimeout(() => void flush(), 3000);
          return;
        }
        const a = (await res.json().catch(() => ({}))) as { ok?: boolean; message?: string; error?: string; serverNow?: number; submitted?: boolean };
        if (typeof a.serverNow === "number") offset.current = a.serverNow - Date.now();
        setStatus((s) => ({ ...s, offline: false }));
        if (res.ok && a.ok) update(acknowledge(queue.current, item.q, item.seq, item.choice));
        else if (res.status >= 500 || res.status === 429) {
          retry.current = setTimeout(() => void flush(), 3000);
          return;
        } else if (res.status === 401 || res.status === 403) {
          setStatus((s) => ({ ...s, closed: a.error ?? a.message ?? "登录已失效，请重新登录后继续作答（已作答内容保存在本机）" }));
          return;
        } else {
          if (a.submitted) setStatus((s) => ({ ...s, closed: a.message ?? "本次考试已交卷" }));
          update(drop(queue.current, item.q, item.seq));
        }
      }
    } finally {
      sending.current = false;
    }
  }, [csrf, enrolmentId, open.attemptId, update]);

  // After a reload: what this browser kept but the server has not acknowledged goes out again.
  useEffect(() => {
    update(restoreQueue(open.attemptId, readStored(open.attemptId), open.answers));
    void flush();
    const online = () => void flush();
    window.addEventListener("online", online);
    const timer = setInterval(() => setClock(remainingSeconds(Date.now() + offset.current, open.deadline)), 1000);
    return () => {
      window.removeEventListener("online", online);
      clearInterval(timer);
      clearTimeout(retry.current);
    };
  }, [flush, open.attemptId, open.answers, open.deadline, update]);

  const timeUp = clock <= 0;
  const unsynced = toSend(queue.current).length;
  // At the deadline: once every answer is acknowledged the page hands the paper in; answers still
  // unsynced keep being sent through the grace, after which the server submits by itself.
  useEffect(() => {
    if (timeUp && unsynced === 0 && !autoSubmitted.current && !status.closed) {
      autoSubmitted.current = true;
      onSubmit();
    }
  }, [timeUp, unsynced, onSubmit, status.closed]);

  const choose = (questionId: number, choice: number[]) => {
    if (timeUp || status.closed) return;
    update(give(queue.current, questionId, choice, Date.now() + offset.current));
    void flush();
  };

  const mm = String(Math.floor(clock / 60)).padStart(2, "0");
  const ss = String(clock % 60).padStart(2, "0");
  const answered = open.questions.filter((q) => shownChoice(queue.current, q.id).length > 0).length;
  return (
    <>
      <Card className="exam-bar" style={{ marginBottom: 16, position: "sticky", top: 0, zIndex: 5 }}>
        <Space wrap size="large">
          <span>第 {open.attemptNo} 次考试</span>
          <span aria-label="剩余时间" className="exam-clock">剩余时间 <strong>{mm}:{ss}</strong></span>
          <span>已答 {answered} / {open.questions.length} 题</span>
          <span role="status" className="exam-sync">
            {unsynced ? <Tag color="orange">未同步 {unsynced} 题</Tag> : <Tag color="green">已保存</Tag>}
            {status.offline ? <Tag color="red">网络已断开，恢复后自动提交</Tag> : null}
          </span>
          <ConfirmButton type="primary" loading={submitting} disabled={!!status.closed} question={unsynced ? `还有 ${unsynced} 题未同步，请联网后再交卷` : "交卷后不能再修改答案。确定交卷？"} okText="交卷" okDisabled={unsynced > 0} onConfirm={onSubmit}>交卷</ConfirmButton>
        </Space>
        {timeUp ? <Alert type="warning" showIcon title="考试时间已到，系统正在交卷。" style={{ marginTop: 12 }} /> : null}
        {status.closed ? <Alert type="error" showIcon title={status.closed} style={{ marginTop: 12 }} action={<Button size="small" onClick={() => revalidator.revalidate()}>刷新</Button>} /> : null}
      </Card>
      <ol className="exam-paper" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {open.questions.map((q, n) => {
          const chosen = shownChoice(queue.current, q.id);
          const options = q.options.map((o, i) => ({ value: o.id, label: `${LETTERS[i]}. ${o.text}` }));
          return (
            <li key={q.id} className="exam-question" data-question={q.id}>
              {/* The stem in the body, wrapped in full: a card title is cut to one line with "…". */}
              <Card size="small" style={{ marginBottom: 12 }}>
                <p className="exam-stem" id={`exam-stem-${q.id}`}><Tag>{q.kindTitle}</Tag>{n + 1}. {q.stem}</p>
                {q.kind === "multiple" ? (
                  <Checkbox.Group aria-labelledby={`exam-stem-${q.id}`} disabled={timeUp || !!status.closed} options={options} value={chosen} onChange={(v) => choose(q.id, (v as number[]).slice().sort((a, b) => a - b))} style={{ display: "flex", flexDirection: "column", gap: 8 }} />
                ) : (
                  <Radio.Group aria-labelledby={`exam-stem-${q.id}`} disabled={timeUp || !!status.closed} options={options} value={chosen[0]} onChange={(e) => choose(q.id, [e.target.value as number])} style={{ display: "flex", flexDirection: "column", gap: 8 }} />
                )}
              </Card>
            </li>
          );
        })}
      </ol>
    </>
  );
}
