// Upload one file: progress bar (XMLHttpRequest upload events), preview (image inline, PDF as a link
// opening a new tab), 更换 and 删除, and the server's Chinese refusal shown in place. The value is
// "file:<sha256>"; POST /uploads takes `accept` then `file` as multipart with the X-CSRF-Token header.
import { useEffect, useRef, useState } from "react";
import { Button, Progress } from "antd";
import { DeleteOutlined, UploadOutlined } from "@ant-design/icons";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import type { SchemaFormContext } from "../context";
import { MAX_UPLOAD_BYTES, fileUrl } from "../context";
import { FilePreview } from "../file-preview";
import type { FileInfo } from "../file-preview";

type Uploaded = { ref: string; name: string; size: number; mime: string };

function upload(file: File, accept: string, csrf: string, onProgress: (pct: number) => void): { promise: Promise<Uploaded>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Uploaded>((resolve, reject) => {
    xhr.open("POST", "/uploads");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      const body = xhr.response as Partial<Uploaded> & { error?: string } | null;
      if (xhr.status === 201 && body?.ref) resolve(body as Uploaded);
      else reject(new Error(body?.error ?? (xhr.status === 413 ? "文件过大，请压缩后重新上传" : "上传失败，请稍后重试")));
    };
    xhr.onerror = () => reject(new Error("网络异常，上传失败，请检查网络后重试"));
    xhr.onabort = () => reject(new Error("已取消上传"));
    const body = new FormData();
    body.append("accept", accept); // before the file: the server checks the type while the file streams in
    body.append("file", file);
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}

const ACCEPT_NAMES: Record<string, string> = { "image/jpeg": "JPG", "image/png": "PNG", "application/pdf": "PDF" };
const acceptText = (accept: string) => accept.split(",").map((t) => ACCEPT_NAMES[t.trim()] ?? t.trim()).join("、");

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
    setError(null);
    if (file.size > MAX_UPLOAD_BYTES) return setError(`文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB，请压缩后重新上传`);
    if (file.size === 0) return setError("文件是空的，请重新选择");
    if (accept && file.type && !accept.split(",").map((t) => t.trim()).includes(file.type)) {
      return setError(`文件类型不符合要求，请上传${acceptText(accept)}格式的文件`);
    }
    setProgress(0);
    const job = upload(file, accept, csrf, setProgress);
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
