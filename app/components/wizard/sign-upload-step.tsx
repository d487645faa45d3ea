// A `sign-upload` step: download the printed document (【下载承诺书】/【下载申请表】), sign it, upload the
// scan (PDF, through /uploads, then attached to the step), see its status — missing, stale (the data
// changed since it was printed) or current — preview it and replace it.
import { useEffect, useRef, useState } from "react";
import { useRevalidator } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Progress from "antd/es/progress/index.js";
import Typography from "antd/es/typography/index.js";
import DownloadOutlined from "@ant-design/icons/es/icons/DownloadOutlined";
import UploadOutlined from "@ant-design/icons/es/icons/UploadOutlined";
import { useCsrfToken } from "~/components/csrf-input";
import { FilePreview } from "~/components/form/file-preview";
import { FormNotice } from "~/components/form/form-errors";
import type { Notice } from "~/components/form/form-errors";
import { MAX_UPLOAD_BYTES } from "~/components/form/context";
import { acceptText, fileProblem, uploadFile } from "~/components/form/upload";
import { usePost } from "~/components/use-post";
import { StepNav } from "./step-nav";
import type { ApplyAnswer, StepViewProps, WizardDocument } from "./types";

/** The status of the signed scan, and why 下一步 cannot go on yet (null when it can). */
export function documentStatus(doc: WizardDocument): { type: "success" | "warning" | "info"; text: string; blocker: string | null } {
  if (doc.status === "current") return { type: "success", text: `已上传${doc.uploadedAt ? `（${doc.uploadedAt}）` : ""}`, blocker: null };
  if (doc.status === "stale") {
    return { type: "warning", text: `资料已修改，请重新下载${doc.name}，签字后重新上传`, blocker: `已上传的${doc.name}是根据修改前的资料生成的，请先上传新的签字扫描件` };
  }
  return { type: "info", text: "尚未上传", blocker: `请先下载${doc.name}，签字后上传扫描件` };
}

export function SignUploadStep({ step, application, prev, next, actions }: StepViewProps) {
  const doc = step.document!;
  const csrf = useCsrfToken();
  const revalidator = useRevalidator();
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<(() => void) | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const status = documentStatus(doc);
  const editable = application.editable;

  useEffect(() => () => abort.current?.(), []);

  const post = usePost<ApplyAnswer, "attach">((answer) => {
    setNotice(answer.ok ? { type: "success", text: answer.message } : { type: "error", text: answer.message });
  });

  const choose = (file: File | undefined) => {
    if (!file) return;
    const problem = fileProblem(file, doc.accept);
    if (problem) return setNotice({ type: "error", text: problem });
    setNotice(null);
    setProgress(0);
    const job = uploadFile(file, doc.accept, csrf, setProgress);
    abort.current = job.abort;
    job.promise
      .then((res) => post.submit("attach", { step: step.key, ref: res.ref }))
      .catch((e: Error) => setNotice({ type: "error", text: e.message }))
      .finally(() => {
        abort.current = null;
        setProgress(null);
      });
  };

  const goNext = () => {
    if (status.blocker) {
      setNotice({ type: "warning", text: status.blocker });
      return;
    }
    next?.();
  };

  const busy = progress !== null || post.busy;
  const inputId = `scan-${step.key}`;
  return (
    <>
      <FormNotice notice={notice} onClose={() => setNotice(null)} />
      <ol className="sign-upload">
        <li>
          <Typography.Title level={5}>下载{doc.name}</Typography.Title>
          <p className="sign-upload-help">下载后打印，签字（需盖章的加盖单位公章），再扫描为PDF文件。</p>
          <Button
            size="large"
            icon={<DownloadOutlined aria-hidden="true" />}
            href={doc.downloadUrl}
            download
            // The server records the download; refresh so 「上次下载」 shows it.
            onClick={() => setTimeout(() => revalidator.revalidate(), 1500)}
          >
            下载{doc.name}
          </Button>
          {doc.downloadedAt ? <span className="sign-upload-time">上次下载：{doc.downloadedAt}</span> : null}
        </li>
        <li>
          <Typography.Title level={5}>{doc.uploadTitle}</Typography.Title>
          <Alert className="sign-upload-status" type={status.type} showIcon title={status.text} />
          {doc.file ? <FilePreview value={doc.file} accept={doc.accept} label={`${doc.name}扫描件`} /> : null}
          {progress !== null ? <Progress percent={progress} size="small" aria-label={`${doc.name}扫描件上传进度`} status="active" /> : null}
          {editable ? (
            <>
              <input
                ref={input}
                id={inputId}
                type="file"
                className="file-input"
                tabIndex={-1}
                aria-label={doc.uploadTitle}
                accept={doc.accept}
                disabled={busy}
                onChange={(e) => {
                  choose(e.target.files?.[0]);
                  e.target.value = "";
                }}
              />
              <div className="file-actions">
                <Button size="large" type={doc.status === "current" ? "default" : "primary"} icon={<UploadOutlined aria-hidden="true" />} loading={busy} onClick={() => input.current?.click()}>
                  {doc.file ? "重新上传" : doc.uploadTitle}
                </Button>
              </div>
              <p className="sign-upload-help">仅支持{acceptText(doc.accept)}格式，大小不超过{MAX_UPLOAD_BYTES / 1024 / 1024}MB。</p>
            </>
          ) : null}
        </li>
      </ol>
      {actions}
      <StepNav prev={prev}>
        {next ? (
          <Button size="large" type="primary" onClick={editable ? goNext : next}>
            下一步
          </Button>
        ) : null}
      </StepNav>
    </>
  );
}
