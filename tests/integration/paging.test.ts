import "../setup/guard";
// A page number past the end of a list (?page=99999 typed by hand, or a last page emptied meanwhile)
// answers the last page: its rows, and `page` for the pager (utils/paging withinTotal, applied once in
// db.server paginate for 用户管理, 审计日志, 消息, 短信发件箱 and 缴费对账's history; onExistingPage for the
// lists that fetch their own page: 审批待办, 专家库, 证书管理, 培训报名, 我的培训 and 题库).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { queueNotification } from "~/models/notifications.server";
import { db } from "../setup/app";
import type { Client } from "../setup/app";
import { batchId, DATA, instanceInState } from "../setup/applications";
import { makeUser, signedIn } from "../setup/factories";

type List = { total: number; rows: { id: number }[]; page: number; pageSize: number; offset: number };
const t = suite("paging past the end");

const list = async (c: Client, path: string, route: string, query: string): Promise<List> => {
  const res = await c.get(`${path}?${query}&${DATA(route)}`);
  assert.is(res.status, 200, `${path}?${query}`);
  return (await res.json()) as List;
};

/** page=99999 answers the same as the last page, which holds the rows after the full pages. */
async function pastTheEnd(c: Client, path: string, route: string, total: number, extra = "") {
  const last = Math.max(1, Math.ceil(total / 10));
  const asked = await list(c, path, route, `page=99999&size=10${extra}`);
  const lastPage = await list(c, path, route, `page=${last}&size=10${extra}`);
  assert.equal([asked.total, asked.page, asked.pageSize, asked.offset], [total, last, 10, (last - 1) * 10], `${path}${extra}: page ${last} of ${total} rows`);
  assert.is(asked.rows.length, total - (last - 1) * 10, `${path}${extra}: the last page's rows`);
  assert.equal(asked.rows.map((r) => r.id), lastPage.rows.map((r) => r.id), `${path}${extra}: the rows of page ${last}`);
}

t("用户管理 and 审计日志: page=99999 is the last page", async () => {
  const { client } = await signedIn("admin");
  for (let i = 0; i < 11; i++) await makeUser("expert");
  await db("audit_log").insert(Array.from({ length: 11 }, (_, i) => ({ at: Date.now() - i, actor_name: "分页测试", action: "user.login", outcome: "ok" })));
  const count = async (table: string) => Number((await db(table).count<{ n: number | string }[]>({ n: "*" }))[0].n);
  await pastTheEnd(client, "/admin/users", "routes/_app.admin.users", await count("users"));
  await pastTheEnd(client, "/admin/audit", "routes/_app.admin.audit", await count("audit_log"));
});

t("消息: page=99999 is the last page of one's own messages; an empty list is page 1", async () => {
  const { client, user } = await signedIn();
  for (let i = 1; i <= 12; i++) await queueNotification(db, user.id, `分页测试第${i}号通知`);
  await pastTheEnd(client, "/messages", "routes/_app.messages", 12);
  await db("notifications").where({ user_id: user.id }).update({ read_at: Date.now() });
  await pastTheEnd(client, "/messages", "routes/_app.messages", 0, "&unread=1");
});

/** The page a list answers for ?page=99999, and its row ids (`at` finds the list in the loader's JSON). */
async function farPage(c: Client, path: string, route: string, at: (json: any) => { page: number; total: number; items?: { id: number }[]; rows?: { id: number }[] }, query = "") {
  const res = await c.get(`${path}?page=99999&size=10${query}&${DATA(route)}`);
  assert.is(res.status, 200, path);
  const l = at(await res.json());
  return { page: l.page, total: l.total, ids: (l.items ?? l.rows ?? []).map((r) => r.id) };
}

t("审批待办: page=99999 shows the last page's applications", async () => {
  const { client } = await signedIn("admin");
  // One application per applicant and batch: twelve applicants.
  for (let i = 0; i < 12; i++) await instanceInState({ ownerId: (await makeUser("expert")).id, state: "submitted", region: "乌鲁木齐市", applicant: `分页${i}` });
  const far = await farPage(client, "/review", "routes/_app.review._index", (j) => j, "&status=submitted");
  const last = Math.ceil(far.total / 10);
  assert.ok(far.total >= 12, `${far.total}`);
  assert.is(far.page, last);
  assert.is(far.ids.length, far.total - (last - 1) * 10);
  const shown = await (await client.get(`/review?page=${last}&size=10&status=submitted&${DATA("routes/_app.review._index")}`)).json();
  assert.equal(far.ids, shown.items.map((r: { id: number }) => r.id));
});

t("专家库, 证书管理, 培训报名, 我的培训 and 题库: page=99999 is the last page (page 1 when empty)", async () => {
  const { client: admin } = await signedIn("admin");
  const { client: expert } = await signedIn("expert");
  const batch = await batchId();
  for (const [c, path, route, at] of [
    [admin, "/pool", "routes/_app.pool._index", (j: any) => j],
    [admin, "/admin/certificates", "routes/_app.admin.certificates", (j: any) => j],
    [admin, "/admin/training", "routes/_app.admin.training", (j: any) => j],
    [expert, "/training", "routes/_app.training._index", (j: any) => j],
    [admin, `/admin/batches/${batch}/exam`, "routes/_app.admin.batches.$id_.exam", (j: any) => j.questions],
  ] as const) {
    const far = await farPage(c, path, route, at, path.startsWith("/admin/b") || path === "/training" ? "" : "&q=无此人");
    // Other tests in the same process may have left rows (a question in the seed batch's 题库): the last page.
    const last = Math.max(1, Math.ceil(far.total / 10));
    assert.equal([far.page, far.ids.length], [last, far.total - (last - 1) * 10], `${path}: ${far.total} rows`);
  }
});

t.run();
