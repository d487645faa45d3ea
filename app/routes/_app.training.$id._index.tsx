// 学习: an enrolment's courses and their study windows, open once the payment is confirmed (已缴费):
// each course's lessons with progress bars and 已完成 marks, and the player of the lesson chosen (the
// first one not done, by default). Progress is reported by the player to the heartbeat endpoint. Once all
// are studied it leads on to the exam (【去考试】), and after the exam says how it went.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Progress from "antd/es/progress/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { useEffect, useRef, useState } from "react";
import videojsCss from "video.js/dist/video-js.css";
import { useCsrfToken } from "~/components/csrf-input";
import { LessonPlayer } from "~/components/lesson-player";
import { requireAuth } from "~/features/accounts/auth.server";
import { LESSON_KIND_LABEL, type HeartbeatAnswer, type StudyLesson } from "~/features/courses/shapes";
import { lessonPercent } from "~/features/courses/progress-rules";
import { PAYMENT_LINK, type PaymentStage } from "~/features/training/enrolment";
import { ownEnrolment, studyPage } from "~/features/training/my-training.server";

export const meta: MetaFunction = () => [{ title: "学习 - 评标专家管理系统" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: videojsCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  return json(await studyPage(auth, await ownEnrolment(auth, params.id)));
}

/** What opens study, by where the payment stands. */
const STUDY_OPENS_AFTER: Record<PaymentStage, string> = {
  due: "缴费成功后即可进入培训学习。",
  claimed: "缴费已提交，对账确认后即可进入培训学习。",
  free: "本次培训无需缴费，确认后即可进入培训学习。",
};

type After = NonNullable<SerializeFrom<typeof loader>["after"]>;

/**
 * What comes after study (the exam next, or how it went), with its link. Study usually ends while the
 * expert watches the last lesson in the player, below the fold: a notice that appears then (`reveal`; not
 * one the page opened with) is brought into view, so the next step is not missed.
 */
function StudyAfter({ after, reveal }: { after: After; reveal: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (reveal) box.current?.scrollIntoView({ block: "nearest" });
  }, [reveal, after.text]);
  return (
    <div ref={box} className="study-after">
      <Alert type={after.passed === false ? "warning" : "success"} showIcon role="status" title={after.text} action={<Link to={after.to}>{after.label}</Link>} />
    </div>
  );
}

export default function StudyRoute() {
  const p = useLoaderData<typeof loader>();
  const csrf = useCsrfToken();
  const { revalidate } = useRevalidator();
  // What the notice said when this enrolment's page opened (a notice appearing later is revealed).
  const openedWith = useRef({ id: p.id, text: p.after?.text });
  if (openedWith.current.id !== p.id) openedWith.current = { id: p.id, text: p.after?.text };
  // Progress as the heartbeats report it, over what the page was loaded with.
  const [live, setLive] = useState<Record<number, Partial<StudyLesson>>>({});
  const all = p.courses.flatMap((c) => c.lessons.map((l) => ({ ...l, ...live[l.id] })));
  const [current, setCurrent] = useState<number | null>(() => (all.find((l) => !l.done) ?? all[0])?.id ?? null);
  useEffect(() => setLive({}), [p]);
  const onProgress = (lessonId: number, a: HeartbeatAnswer) => {
    setLive((m) => ({ ...m, [lessonId]: { coveredS: a.coveredS, furthestS: a.furthestS, percent: a.percent, done: a.done, unwatched: a.unwatched } }));
    if (a.state !== p.state) revalidate(); // 学习中 / 培训完毕 reached
  };
  const lesson = all.find((l) => l.id === current) ?? null;
  // On a phone the player sits below the list, off screen: choosing a lesson brings it into view.
  const player = useRef<HTMLElement>(null);
  const [chosen, setChosen] = useState(0);
  const choose = (id: number) => {
    setCurrent(id);
    setChosen((n) => n + 1);
  };
  useEffect(() => {
    const el = player.current;
    // Stacked (one column, app.css's phone layout): the player is below the list, so go to it.
    const stacked = el?.parentElement && getComputedStyle(el.parentElement).gridTemplateColumns.trim().split(/\s+/).length === 1;
    if (chosen && el && stacked) el.scrollIntoView({ block: "start" });
  }, [chosen]);
  const total = all.length ? Math.floor(all.reduce((n, l) => n + (l.done ? 100 : lessonPercent(l.coveredS, l.neededS)), 0) / all.length) : 0;
  return (
    <>
      <Typography.Title level={3} className="page-title">学习</Typography.Title>
      <Card title={<>岗前培训 <Tag>{p.stateTitle}</Tag></>}>
        {p.after && !p.open ? (
          <StudyAfter after={p.after} reveal={p.after.text !== openedWith.current.text} />
        ) : !p.open ? (
          <Alert type="warning" showIcon title={STUDY_OPENS_AFTER[p.payment]} action={<Link to={`/training/${p.id}/pay`}>{PAYMENT_LINK[p.payment]}</Link>} />
        ) : p.courses.length === 0 ? <p className="muted">主管部门尚未发布本批次的课程，请留意通知。</p> : (
          <>
            {p.after ? <StudyAfter after={p.after} reveal={p.after.text !== openedWith.current.text} /> : null}
            {all.length ? <div className="study-total">总体进度 <Progress percent={total} size="small" aria-label="总体学习进度" /></div> : null}
            <div className="study-layout">
              <ol className="course-list">
                {p.courses.map((c) => (
                  <li key={c.name}>
                    <strong>{c.name}</strong>
                    <div className="muted">学习时间：{c.start} 至 {c.end}</div>
                    {c.lessons.length === 0 ? <div className="muted">尚无课件</div> : (
                      <ul className="lesson-list">
                        {c.lessons.map((l0) => {
                          const l = { ...l0, ...live[l0.id] };
                          return (
                            <li key={l.id} className={l.id === current ? "lesson-current" : undefined}>
                              <Button type="link" size="small" onClick={() => choose(l.id)} aria-current={l.id === current ? "true" : undefined} aria-label={`学习「${l.title}」`}>
                                {l.title}
                              </Button>
                              <Tag>{LESSON_KIND_LABEL[l.kind]}</Tag>
                              {l.done ? <Tag color="success">已完成</Tag> : null}
                              <Progress percent={l.done ? 100 : l.percent} size="small" aria-label={`「${l.title}」进度`} />
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </li>
                ))}
              </ol>
              {lesson ? (
                <section className="study-player" aria-label="课件学习" ref={player}>
                  <Typography.Title level={4}>{lesson.title}</Typography.Title>
                  <LessonPlayer enrolmentId={p.id} lesson={lesson} csrf={csrf} onProgress={onProgress} />
                </section>
              ) : null}
            </div>
          </>
        )}
        <p style={{ marginTop: 12 }}><Link to="/training">返回我的培训</Link></p>
      </Card>
    </>
  );
}
