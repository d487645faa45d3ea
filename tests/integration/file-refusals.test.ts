// A file route's refusal opened as a page (a bookmark, a pasted link, a stale tab) is a short Chinese page
// with the same status, not raw `{"error":…}` JSON; the page's own requests (fetch, <img>) keep the JSON,
// and a signed-out visit still goes to the login page (app/utils/file-loader.server.ts).
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client } from "../setup/app";
import { signedIn } from "../setup/factories";

const t = suite("file refusals");
const AS_PAGE = { "Sec-Fetch-Dest": "document", Accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

/** Opens `path` as a browser navigation would; expects `status` and a page saying `text`. */
async function refusedAsPage(client: Client, path: string, status: number, text: string) {
  const res = await client.fetch(path, { headers: AS_PAGE });
  assert.is(res.status, status, path);
  assert.match(res.headers.get("content-type") ?? "", "text/html", path);
  assert.is(res.headers.get("cache-control"), "no-store");
  const html = await res.text();
  assert.match(html, text, path);
  assert.match(html, '<a href="/">返回首页</a>');
  assert.not.match(html, '{"error"');
}

t("an expert opening a missing upload, document or certificate gets a page; the app's own requests keep JSON", async () => {
  const { client } = await signedIn("expert");
  await refusedAsPage(client, "/uploads/zzzz", 404, "文件不存在或您无权查看");
  await refusedAsPage(client, "/apply/999999/documents/nope", 404, "申请不存在");
  await refusedAsPage(client, "/certificate/x.pdf", 404, "文件不存在");
  const notPages: Record<string, string>[] = [{ "Sec-Fetch-Dest": "empty" }, { "Sec-Fetch-Dest": "image", Accept: "image/*" }, {}];
  for (const headers of notPages) {
    const res = await client.fetch("/uploads/zzzz", { headers });
    assert.is(res.status, 404);
    assert.equal(await res.json(), { error: "文件不存在或您无权查看" }, JSON.stringify(headers));
  }
});

t("roster export: a missing format (400) and an expert (403) are pages too", async () => {
  const { client: admin } = await signedIn("admin");
  await refusedAsPage(admin, "/admin/reports/roster", 400, "导出格式只能是 xlsx 或 csv");
  const { client: expert } = await signedIn("expert");
  const res = await expert.fetch("/admin/reports/roster?format=csv", { headers: AS_PAGE });
  assert.is(res.status, 403);
  assert.match(await res.text(), "无权查看此文件");
});

t("signed out: still the login page, not a refusal page", async () => {
  const res = await new Client().fetch("/uploads/zzzz", { headers: AS_PAGE });
  assert.is(res.status, 302);
  assert.match(res.headers.get("location") ?? "", "/login?redirectTo=");
});

t.run();
