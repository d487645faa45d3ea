// The 学习 page's player: a video lesson in video.js, or a PDF lesson in the page with a visible timer,
// reporting what was really watched to the heartbeat endpoint every ≤ 10 s and on pause, seek, hiding
// and leaving (fetch keepalive / navigator.sendBeacon). The server decides what counts; this only
// reports honestly: played ranges as they happened (a seek closes the range), never ahead of the
// furthest point reached (seeking past it is turned back), resuming where the expert stopped.
import Alert from "antd/es/alert/index.js";
import Progress from "antd/es/progress/index.js";
import Tag from "antd/es/tag/index.js";
import { useEffect, useRef, useState } from "react";
import { clockTime } from "~/features/courses/progress-rules";
import { HEARTBEAT_EVERY_MS, lessonMediaPath, type HeartbeatAnswer, type StudyLesson } from "~/features/courses/shapes";
import { heartbeatPath } from "~/utils/plain-paths";

/** Player words video.js's own zh-CN translation (video.js/dist/lang/zh-CN.json) does not have. */
const PLAYER_WORDS: Record<string, string> = {
  "Skip Backward": "后退",
  "Skip Forward": "快进",
  "Drop shadow": "投影",
  "Playing in Picture-in-Picture": "正在画中画播放",
};

type Props = { enrolmentId: number; lesson: StudyLesson; csrf: string; onProgress: (lessonId: number, a: HeartbeatAnswer) => void };


/** A range refused only for arriving early is sent again after the server's retryAfterS, at most this many times. */
const EARLY_RETRIES = 3;

/** Sends one range; `leaving` uses sendBeacon (survives the page going away) and expects no answer. */
function useReporter({ enrolmentId, lesson, csrf, onProgress }: Props) {
  const [error, setError] = useState<string | null>(null);
  const url = heartbeatPath(enrolmentId, lesson.id);
  const send = (from: number, to: number, leaving = false, retries = EARLY_RETRIES) => {
    if (!(to >= from) || to - from < 0.5) return;
    const body = new URLSearchParams({ _csrf: csrf, from: from.toFixed(3), to: to.toFixed(3) });
    if (leaving && typeof navigator.sendBeacon === "function") {
      navigator.sendBeacon(url, body);
      return;
    }
    fetch(url, { method: "POST", body, keepalive: true, credentials: "same-origin" })
      .then(async (res) => {
        const a = (await res.json().catch(() => ({}))) as HeartbeatAnswer | { error?: string; retryAfterS?: number };
        if (res.ok && "ok" in a) {
          setError(null);
          onProgress(lesson.id, a);
        } else if ("retryAfterS" in a && a.retryAfterS && retries > 0) {
          // The previous report was held up on the way (a slow network): this range is real, only early.
          setTimeout(() => send(from, to, false, retries - 1), a.retryAfterS * 1000 + 500);
        } else setError(("error" in a && a.error) || "学习进度未能保存，请刷新页面后继续学习");
      })
      .catch(() => setError("网络异常，学习进度暂未保存；恢复网络后继续播放即可"));
  };
  return { error, send };
}

function VideoLesson(props: Props) {
  const { enrolmentId, lesson } = props;
  const ref = useRef<HTMLDivElement>(null);
  const reporter = useReporter(props);
  const send = useRef(reporter.send);
  send.current = reporter.send;
  const furthest = useRef(lesson.furthestS);
  furthest.current = Math.max(furthest.current, lesson.furthestS);
  const resumeAt = useRef(lesson.positionS); // where the expert stopped, as the page was loaded
  useEffect(() => {
    let disposed = false;
    let player: { dispose(): void } | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    const host = ref.current;
    if (!host) return;
    (async () => {
      const [videojs, zh] = await Promise.all([import("video.js").then((m) => m.default), import("video.js/dist/lang/zh-CN.json").then((m) => m.default)]);
      if (disposed) return;
      // video.js draws its controls' names and tooltips in English unless the language's words are added;
      // its zh-CN file lacks the few newer ones below.
      videojs.addLanguage("zh-CN", { ...zh, ...PLAYER_WORDS });
      const el = document.createElement("video-js");
      el.className = "vjs-fluid";
      el.setAttribute("aria-label", lesson.title);
      host.appendChild(el);
      const p = videojs(el, {
        controls: true, preload: "auto", playbackRates: [], language: "zh-CN",
        controlBar: { pictureInPictureToggle: false, playbackRateMenuButton: false },
        sources: [{ src: lessonMediaPath(enrolmentId, lesson.id), type: lesson.mime }],
      });
      player = p;
      // The range being played: from where playback (re)started to the last time seen while playing.
      let start: number | null = null;
      let last = 0;
      const flush = (leaving = false) => {
        if (start !== null && last > start) send.current(start, last, leaving);
        start = p.paused() ? null : last;
      };
      p.on("loadedmetadata", () => {
        const resume = resumeAt.current;
        if (resume > 0 && resume < (p.duration() ?? 0) - 1) p.currentTime(resume);
      });
      p.on("playing", () => {
        last = p.currentTime() ?? 0;
        start = last;
      });
      p.on("timeupdate", () => {
        const t = p.currentTime() ?? 0;
        if (!p.seeking() && !p.paused()) {
          furthest.current = Math.max(furthest.current, t);
          last = t;
        }
      });
      p.on("seeking", () => {
        const t = p.currentTime() ?? 0;
        // Only what has been reached may be sought; further on is turned back to the furthest point.
        if (t > furthest.current + 1) p.currentTime(furthest.current);
        if (start !== null && last > start) send.current(start, last);
        start = null;
      });
      p.on("seeked", () => {
        last = p.currentTime() ?? 0;
        start = p.paused() ? null : last;
      });
      p.on("pause", () => flush());
      p.on("ended", () => {
        last = p.duration() ?? last;
        flush();
      });
      timer = setInterval(() => !p.paused() && flush(), HEARTBEAT_EVERY_MS);
      const hide = () => document.visibilityState === "hidden" && flush(true);
      const leave = () => flush(true);
      document.addEventListener("visibilitychange", hide);
      window.addEventListener("pagehide", leave);
      p.on("dispose", () => {
        flush(true);
        document.removeEventListener("visibilitychange", hide);
        window.removeEventListener("pagehide", leave);
      });
    })();
    return () => {
      disposed = true;
      clearInterval(timer);
      player?.dispose();
      host.replaceChildren();
    };
  }, [enrolmentId, lesson.id, lesson.mime, lesson.title]);
  return (
    <>
      <div ref={ref} className="lesson-video" data-testid="lesson-video" />
      {reporter.error ? <Alert type="warning" showIcon role="alert" title={reporter.error} style={{ marginTop: 8 }} /> : null}
    </>
  );
}

function DocumentLesson(props: Props) {
  const { enrolmentId, lesson } = props;
  const reporter = useReporter(props);
  const send = useRef(reporter.send);
  send.current = reporter.send;
  // Seconds of time on page counted so far (from what the server already has), shown as the timer.
  const [elapsed, setElapsed] = useState(lesson.coveredS);
  const startAt = useRef(lesson.coveredS);
  useEffect(() => {
    let counted = startAt.current;
    let reported = counted;
    let tickAt = Date.now();
    const report = (leaving = false) => {
      if (counted > reported) send.current(reported, counted, leaving);
      reported = counted;
    };
    const visible = () => document.visibilityState === "visible";
    const tick = setInterval(() => {
      const t = Date.now();
      if (visible() && counted < lesson.neededS) counted = Math.min(lesson.neededS, counted + (t - tickAt) / 1000);
      tickAt = t;
      setElapsed(counted);
      if (counted - reported >= HEARTBEAT_EVERY_MS / 1000 || (counted >= lesson.neededS && counted > reported)) report();
    }, 1000);
    const hide = () => {
      if (!visible()) report(true);
      tickAt = Date.now();
    };
    const leave = () => report(true);
    document.addEventListener("visibilitychange", hide);
    window.addEventListener("pagehide", leave);
    return () => {
      clearInterval(tick);
      report(true);
      document.removeEventListener("visibilitychange", hide);
      window.removeEventListener("pagehide", leave);
    };
  }, [lesson.id, lesson.neededS]);
  const done = elapsed >= lesson.neededS;
  return (
    <>
      <p className="lesson-timer" role="timer" aria-live="off">
        已学习 <strong>{clockTime(elapsed)}</strong> / 至少 {clockTime(lesson.neededS)} {done ? <Tag color="success">已达到学习时间</Tag> : <span className="muted">（页面在前台显示时计时）</span>}
      </p>
      <iframe className="lesson-document" title={lesson.title} src={lessonMediaPath(enrolmentId, lesson.id)} />
      <p><a href={lessonMediaPath(enrolmentId, lesson.id)} target="_blank" rel="noreferrer">在新窗口打开文档</a></p>
      {reporter.error ? <Alert type="warning" showIcon role="alert" title={reporter.error} /> : null}
    </>
  );
}

/** At most this many unwatched parts are named; the rest are counted (等 N 段). */
const GAPS_NAMED = 4;

/**
 * What is left of a video not yet done: the parts not watched (尚未观看：03:20–05:10、…) and the time still
 * needed to reach 95 % — so a bar stuck at 66 % says where to go back to.
 */
function Unwatched({ lesson }: { lesson: StudyLesson }) {
  if (lesson.kind !== "video" || lesson.done || !lesson.unwatched?.length) return null;
  const named = lesson.unwatched.slice(0, GAPS_NAMED).map(([a, b]) => `${clockTime(a)}–${clockTime(b)}`).join("、");
  const more = lesson.unwatched.length > GAPS_NAMED ? ` 等 ${lesson.unwatched.length} 段` : "";
  const left = Math.max(0, lesson.neededS - lesson.coveredS);
  return (
    <p className="lesson-unwatched muted" aria-live="polite">
      尚未观看：{named}{more}。{left > 0 ? `还需观看约 ${Math.ceil(left / 60)} 分钟（看满 95% 即完成），可拖动进度条到上述时间补看。` : ""}
    </p>
  );
}

/** The lesson being studied, with its progress bar and, for a video, what is left to watch. */
export function LessonPlayer(props: Props) {
  const { lesson } = props;
  return (
    <div className="lesson-player">
      <Progress percent={lesson.percent} size="small" aria-label={`「${lesson.title}」学习进度`} />
      <Unwatched lesson={lesson} />
      {lesson.kind === "video" ? <VideoLesson key={lesson.id} {...props} /> : <DocumentLesson key={lesson.id} {...props} />}
    </div>
  );
}
