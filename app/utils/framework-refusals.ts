// Remix answers some requests itself, before any route of ours runs: a post to a page without an action
// (405), a data request naming no route (403), a malformed one (400). Its text is English
// ("Unexpected Server Error", "Method Not Allowed") or none. What each means, for the error page and for
// the JSON answer the server rewrites (server/app.ts inChinese). Browser-safe.

/** A 4xx status Remix answered by itself → what it means to a user, in Chinese. */
export const FRAMEWORK_REFUSALS: Record<number, string> = {
  400: "请求格式不正确",
  403: "您没有权限执行此操作",
  404: "您访问的页面不存在",
  405: "此页面不支持该操作",
};
