// Browser side of 课程内容's 上传课件: the fields, then the file, to POST /admin/batches/:id/courses/upload
// (multipart, header X-CSRF-Token) with upload progress — videos run to hundreds of MB. 201 { lesson }
// or 4xx { error } with the Chinese reason.

export const lessonUploadPath = (batchId: number) => `/admin/batches/${batchId}/courses/upload`;
export const LESSON_ACCEPT = ".mp4,.webm,.pdf,video/mp4,video/webm,application/pdf";

/** Sends the lesson; resolves when stored, rejects with the Chinese reason. */
export function uploadLesson(batchId: number, fields: Record<string, string>, file: File, csrf: string, onProgress: (pct: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", lessonUploadPath(batchId));
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => (xhr.status === 201 ? resolve() : reject(new Error((xhr.response as { error?: string } | null)?.error ?? "上传失败，请稍后重试")));
    xhr.onerror = () => reject(new Error("网络异常，上传失败，请检查网络后重试"));
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v); // before the file: the server reads them first
    body.append("file", file);
    xhr.send(body);
  });
}
