import "../setup/guard";
// A page number past the end of a list (?page=99999 typed by hand, or a last page emptied meanwhile)
// answers the last page: its rows, and `page` for the pager (utils/paging withinTotal, applied once in
// db.server paginate for 用户管理, 审计日志, 消息, 短信发件箱 and 缴费对账's history).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { queueNotification } from "~/models/notifications.server";
import { db } from "../setup/app";
import type { Client } from "../setup/app";
import { DATA } from "../setup/applications";
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

t.run();
