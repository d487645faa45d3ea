// Reading a form document from a request: the JSON text in the `data` field, and the form key in the URL.
import { httpError } from "./http.server";
import type { FormInput } from "./request.server";

const MAX_DOCUMENT_CHARS = 60_000;

export function readDocument(form: FormInput): unknown {
  const text = form.get("data");
  if (typeof text !== "string" || text.length === 0) throw httpError(400, "没有收到表单内容");
  if (text.length > MAX_DOCUMENT_CHARS) throw httpError(413, "表单内容过长");
  try {
    return JSON.parse(text);
  } catch {
    throw httpError(400, "表单内容格式不正确，请刷新页面后重试");
  }
}

export function formKeyParam(key: string | undefined): string {
  if (!key || !/^[a-z0-9][a-z0-9-]{0,79}$/.test(key)) throw httpError(404, "表单不存在");
  return key;
}
