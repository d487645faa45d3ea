// Browser side of 导入账单: one file to POST /admin/payments/upload (multipart `file`, header
// X-CSRF-Token) with upload progress. 201 { importId } or 4xx { error } with the Chinese reason (for a
// malformed bill: 第 N 行：…).

export const BILL_UPLOAD_PATH = "/admin/payments/upload";
export const BILL_ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Sends `file`, reporting progress in %; resolves with the new import's id, rejects with the Chinese reason. */
export function uploadBill(file: File, csrf: string, onProgress: (pct: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", BILL_UPLOAD_PATH);
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      const body = xhr.response as { importId?: number; error?: string } | null;
      if (xhr.status === 201 && body?.importId) resolve(body.importId);
      else reject(new Error(body?.error ?? (xhr.status === 413 ? "文件过大，请按日期拆分后再导入" : "导入失败，请稍后重试")));
    };
    xhr.onerror = () => reject(new Error("网络异常，导入失败，请检查网络后重试"));
    const body = new FormData();
    body.append("file", file);
    xhr.send(body);
  });
}
