// The definition editor page body shared by 表单管理 and 流程管理: the code editor with its problems (checked on
// the server a moment after typing stops, shown in the gutter and listed below), 保存草稿 and 发布新版本,
// a panel beside it (the form preview or the state diagram), then the versions and a diff of two. The
// version number is never typed: the server numbers a publish latest + 1, and after it the diff shows
// (previous, just published). Where there is a designer (forms), the page opens on it: the JSON tab and
// its code editor load when asked for (code-editor-on-demand.tsx).
import { useEffect, useRef, useState } from "react";
import type { ReactNode } from "react";
import { useFetcher, useLocation, useNavigate, useRevalidator } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Col from "antd/es/col/index.js";
import Row from "antd/es/row/index.js";
import Space from "antd/es/space/index.js";
import Tabs from "antd/es/tabs/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { useCsrfToken } from "~/components/csrf-input";
import { useLeaveGuard } from "~/components/leave-guard";
import type { SourceProblem } from "~/engine/forms/check-definition";
import { formatTime } from "~/utils/format";
import type { CodeEditorHandle } from "./code-editor.client";
import { CodeEditorOnDemand } from "./code-editor-on-demand";
import { VersionDiff, VersionTable } from "./versions";
import type { DiffData, VersionInfo } from "./versions";

type Answer = { ok: boolean; intent: "draft" | "publish" | "check" | "restore"; message: string; problems: SourceProblem[]; checked: string; version?: number; content?: string };

export type WorkbenchProps = {
  noun: "表单" | "流程";
  language: "json" | "yaml";
  definitionKey: string;
  title: string;
  latest: number;
  source: string;
  draft: { updatedAt: number; by: string | null } | null;
  versions: VersionInfo[];
  diff: DiffData;
  aside: (text: string) => ReactNode;
  asideTitle: string;
  /** A tab beside the code editor that edits the same text another way (the form designer), given the current problems. */
  designer?: (text: string, setText: (text: string) => void, problems: SourceProblem[]) => ReactNode;
};

function usePostContent() {
  const csrf = useCsrfToken();
  const fetcher = useFetcher<Answer>();
  const submit = (intent: Answer["intent"], fields: { content: string; base?: string } | { version: string }) => {
    const body = new FormData();
    body.set("_csrf", csrf);
    body.set("intent", intent);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    // multipart: Chinese text is sent as UTF-8 bytes, not percent-encoded at three times the size
    fetcher.submit(body, { method: "post", encType: "multipart/form-data" });
  };
  return { fetcher, submit };
}

export function DefinitionWorkbench(props: WorkbenchProps) {
  const { noun, language, definitionKey, title, latest, source, draft, versions, diff, aside, asideTitle, designer } = props;
  const [text, setText] = useState(source);
  // The text as the server last kept it (the page's source, then each draft saved or version published):
  // leaving with anything else asks first, since an edit lives only in this page until 保存草稿.
  const saved = useRef(source);
  const posted = useRef(source);
  const leaveGuard = useLeaveGuard(() => text !== saved.current);
  const [result, setResult] = useState<Answer | null>(null);
  const [notice, setNotice] = useState<Answer | null>(null);
  const editor = useRef<CodeEditorHandle>(null);
  const [tab, setTab] = useState<"code" | "designer">(designer ? "designer" : "code");
  // The text offset of the last problem clicked (第N行第M列): the code editor's tab shows it, with the cursor
  // there; an editor still loading puts it there when made (focusOnLoad). Once per click: coming back to
  // the tab later keeps wherever the cursor was moved since.
  const [shown, setShown] = useState<{ offset: number } | null>(null);
  useEffect(() => {
    if (shown) editor.current?.focusAt(shown.offset);
  }, [shown]);
  const check = usePostContent();
  const act = usePostContent();
  const revalidator = useRevalidator();
  const navigate = useNavigate();
  const location = useLocation();

  // Check on the server a moment after typing stops (the server runs every check, Ajv included).
  useEffect(() => {
    const t = setTimeout(() => {
      if (text.trim()) check.submit("check", { content: text });
    }, 500);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  useEffect(() => {
    if (check.fetcher.state === "idle" && check.fetcher.data?.intent === "check") setResult(check.fetcher.data);
  }, [check.fetcher.state, check.fetcher.data]);

  useEffect(() => {
    const a = act.fetcher.data;
    if (act.fetcher.state !== "idle" || !a) return;
    setNotice(a);
    if (a.ok && (a.intent === "draft" || a.intent === "publish")) saved.current = posted.current;
    // 以此版本为草稿: the old version, renumbered, is now the draft and the text being edited.
    if (a.ok && a.intent === "restore" && a.content !== undefined) {
      saved.current = a.content;
      setText(a.content);
    }
    if (a.problems.length) setResult(a);
    else if (a.ok && a.intent === "publish") setResult({ ...a, intent: "check" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [act.fetcher.state, act.fetcher.data]);

  useEffect(() => {
    // After a publish the versions, the draft tag and the diff of (previous, just published) come from the
    // loader again, whatever pair the address asked for before; after a restore, the same page again.
    if (!notice?.ok) return;
    if (notice.intent === "publish" && notice.version) {
      const pair = notice.version > 1 ? `?from=${notice.version - 1}&to=${notice.version}` : "";
      navigate(`${location.pathname}${pair}`, { replace: true, preventScrollReset: true });
    } else if (notice.intent === "restore" && revalidator.state === "idle") revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notice]);

  const current = result && result.checked === text ? result : null;
  const problems = current?.problems ?? [];
  const busy = act.fetcher.state !== "idle";
  // Nothing to check, save or publish: said here instead of a check that never runs and a refused post.
  const empty = !text.trim();
  const code = <CodeEditorOnDemand ref={editor} value={text} onChange={setText} language={language} label={`${noun}定义编辑器`} problems={problems} checked={current?.checked ?? null} focusOnLoad={shown?.offset ?? null} />;
  /** 保存草稿 / 发布新版本 of the text as it stands; once answered ok, it is what the server keeps. */
  const keep = (intent: "draft" | "publish") => {
    posted.current = text;
    act.submit(intent, intent === "draft" ? { content: text } : { content: text, base: String(latest) });
  };
  const showProblem = (offset: number) => {
    setTab("code");
    setShown({ offset });
  };

  return (
    <>
      <Typography.Title level={3} className="page-title">{title}（{definitionKey}）</Typography.Title>
      {leaveGuard}
      <Space wrap style={{ marginBottom: 12 }}>
        {latest ? <Tag color="blue">最新版本 v{latest}</Tag> : <Tag>尚未发布</Tag>}
        {draft ? <Tag color="gold">草稿保存于 {formatTime(draft.updatedAt)}{draft.by ? `（${draft.by}）` : ""}</Tag> : null}
        <span>发布后为第 {latest + 1} 版（版本号自动编排，无需填写）；已发布的版本不会改变，已有批次和申请仍使用原来的版本。</span>
      </Space>
      {notice ? (
        <Alert className="form-error" type={notice.ok ? "success" : "error"} showIcon role={notice.ok ? "status" : "alert"} title={notice.message} style={{ marginBottom: 12 }} />
      ) : null}
      <Row gutter={16}>
        {/* The designer lays out three columns (palette, fields, properties): it gets the wider share. */}
        <Col xs={24} xl={designer ? 15 : 12}>
          <Card title={designer ? `${noun}定义` : `${noun}定义（${language === "json" ? "JSON" : "YAML"}）`} size="small">
            {designer ? (
              <Tabs activeKey={tab} onChange={(k) => setTab(k === "code" ? "code" : "designer")} items={[
                { key: "designer", label: "设计器", children: designer(text, setText, problems) },
                { key: "code", label: language === "json" ? "JSON" : "YAML", children: code },
              ]} />
            ) : code}
            <div className="editor-status" aria-live="polite" data-testid="editor-status">
              {empty ? <span className="muted">定义内容为空，请填写后再保存草稿或发布</span> : current === null ? <span className="muted">正在检查……</span> : problems.length === 0 ? <span className="ok">检查通过，可以发布</span> : (
                <>
                  <strong>有 {problems.length} 处问题：</strong>
                  <ul className="problem-list" data-testid="problem-list">
                    {problems.map((p, i) => (
                      <li key={i}>
                        <Button type="link" size="small" onClick={() => showProblem(p.from)}>第{p.line}行第{p.col}列</Button>
                        {p.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
            <Space style={{ marginTop: 12 }}>
              <Button disabled={empty} onClick={() => keep("draft")} loading={busy && act.fetcher.formData?.get("intent") === "draft"}>保存草稿</Button>
              <Button type="primary" disabled={empty} onClick={() => keep("publish")} loading={busy && act.fetcher.formData?.get("intent") === "publish"}>发布新版本</Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={designer ? 9 : 12}>
          <Card title={asideTitle} size="small">{aside(text)}</Card>
        </Col>
      </Row>
      {versions.length ? (
        <>
          <Card title="版本" size="small" style={{ marginTop: 16 }}>
            <VersionTable versions={versions} onRestore={(v) => act.submit("restore", { version: String(v) })} restoring={busy && act.fetcher.formData?.get("intent") === "restore"} />
          </Card>
          <Card title="版本对比" size="small" style={{ marginTop: 16 }}>
            <VersionDiff key={`${diff?.from}-${diff?.to}`} versions={versions} diff={diff} />
          </Card>
        </>
      ) : null}
    </>
  );
}
