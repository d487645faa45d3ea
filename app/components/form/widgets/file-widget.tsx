// Upload one file: progress bar (XMLHttpRequest upload events), preview (image inline, PDF as a link
// opening a new tab), 更换 and 删除, and the server's Chinese refusal shown in place. The value is
// "file:<sha256>" (see ../upload.ts for the /uploads contract).
import { useEffect, useRef, useState } from "react";
import Button from "antd/es/button/index.js";
import Progress from "antd/es/progress/index.js";
import DeleteOutlined from "@ant-design/icons/es/icons/DeleteOutlined";
import UploadOutlined from "@ant-design/icons/es/icons/UploadOutlined";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import type { SchemaFormContext } from "../context";
import { fileUrl } from "../context";
import { FilePreview } from "../file-preview";
import type { FileInfo } from "../file-preview";
import { fileProblem, uploadFile } from "../upload";

export function FileWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, options, label, schema, registry, rawErrors } = props;
  const { csrf } = registry.formContext as SchemaFormContext;
  const accept = typeof options.accept === "string" ? options.accept : "";
  const input = useRef<HTMLInputElement>(null);
  const pending = useRef<(() => void) | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [known, setKnown] = useState<FileInfo | null>(null);
  const url = fileUrl(value);
  const name = label || (schema.title as string) || "文件";

  useEffect(() => () => pending.current?.(), []);

  const choose = (file: File | undefined) => {
    if (!file) return;
    const problem = fileProblem(file, accept);
    setError(problem);
    if (problem) return;
    setProgress(0);
    const job = uploadFile(file, accept, csrf, setProgress);
    pending.current = job.abort;
    job.promise
      .then((res) => {
        setKnown({ ref: res.ref, mime: res.mime, name: res.name });
        onChange(res.ref);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => {
        pending.current = null;
        setProgress(null);
      });
  };

  const busy = progress !== null;
  const errId = `${id}-upload-err`;
  const describedBy = [ariaDescribedByIds(id), error ? errId : ""].filter(Boolean).join(" ");
  return (
    <div className="file-widget">
      <FilePreview value={value} accept={accept} label={name} known={known} />
      {busy ? <Progress percent={progress} size="small" aria-label={`${name}上传进度`} status="active" /> : null}
      <input
        ref={input}
        id={id}
        type="file"
        className="file-input"
        tabIndex={-1}
        accept={accept || undefined}
        disabled={disabled || readonly || busy}
        aria-describedby={describedBy || undefined}
        aria-invalid={rawErrors?.length || error ? true : undefined}
        onChange={(e) => {
          choose(e.target.files?.[0]);
          e.target.value = ""; // choosing the same file again must fire change again
        }}
      />
      {!(disabled || readonly) ? (
        <div className="file-actions">
          <Button icon={<UploadOutlined aria-hidden="true" />} loading={busy} onClick={() => input.current?.click()}>
            {url ? "更换" : "上传文件"}
          </Button>
          {url && !busy ? (
            <Button danger icon={<DeleteOutlined aria-hidden="true" />} onClick={() => onChange(undefined)}>
              删除
            </Button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <div className="file-error" id={errId} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
