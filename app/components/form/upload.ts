// Sending one file to POST /uploads (multipart `accept` then `file`, header X-CSRF-Token) with upload
// progress, and the checks made in the browser before any byte is sent. Used by the file widget and by
// the wizard's signed-scan upload.
import { MAX_UPLOAD_BYTES } from "./context";

export type Uploaded = { ref: string; name: string; size: number; mime: string };

export function uploadFile(file: File, accept: string, csrf: string, onProgress: (pct: number) => void): { promise: Promise<Uploaded>; abort: () => void } {
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
export const acceptText = (accept: string) => accept.split(",").map((t) => ACCEPT_NAMES[t.trim()] ?? t.trim()).join("、");

/** Why this file cannot be sent (size, emptiness, declared type), in Chinese; null when it can. */
export function fileProblem(file: File, accept: string): string | null {
  if (file.size > MAX_UPLOAD_BYTES) return `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB，请压缩后重新上传`;
  if (file.size === 0) return "文件是空的，请重新选择";
  if (accept && file.type && !accept.split(",").map((t) => t.trim()).includes(file.type)) {
    return `文件类型不符合要求，请上传${acceptText(accept)}格式的文件`;
  }
  return null;
}
