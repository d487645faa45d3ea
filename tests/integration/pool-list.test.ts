import "../setup/guard";
// 专家库 for staff (routes/_app.pool._index, features/pool/list.server.ts): an administrator finds any
// record by 专家编号, 姓名 or 工作单位 and filters by 评标地州 and 状态; a reviewer sees only the experts now
// in their regions (the rule is in the SQL: the total counts only those); an expert is refused; LIKE
// wildcards in the search are text; bad filters are ignored, never a 500.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import { db } from "../setup/app";
import type { Client } from "../setup/app";
import { batchId, DATA } from "../setup/applications";
import { poolExpertInDb } from "../setup/certificate";
import { signedIn } from "../setup/factories";

const t = suite("专家库 list");
const LIST = (query = "") => `/pool?index&${DATA("routes/_app.pool._index")}${query ? `&${query}` : ""}`;
type Page = { total: number; items: { id: number; number: string; name: string; region: string; workUnit: string; statusLabel: string }[] };
const ctx = {} as { admin: Client; reviewer: Client; expert: Client; tag: string; ids: Record<string, number> };

const get = async (c: Client, query = "") => {
  const res = await c.get(LIST(query));
  return { status: res.status, page: (res.status === 200 ? await res.json() : null) as Page | null };
};

t.before(async () => {
  ctx.tag = `PL${process.pid % 1000}${Date.now() % 100000}`;
  const batch = await batchId();
  ctx.ids = {};
  const people: [string, string, string, string][] = [
    ["hotan", "和田地区", "阿依古丽", "和田地区建筑设计院"],
    ["ili", "伊犁哈萨克自治州", "𠮷祥", "伊犁州公路局"],
    ["urumqi", "乌鲁木齐市", "张100%_三", "乌鲁木齐某造价咨询公司"],
  ];
  for (const [key, region, name, unit] of people) {
    const e = await poolExpertInDb(db, { batchId: batch, number: `${ctx.tag}${key.toUpperCase()}`, name });
    await db("experts").where({ id: e.expertId }).update({ region, work_unit: unit });
    ctx.ids[key] = e.expertId;
  }
  await db("experts").where({ id: ctx.ids.ili }).update({ status: "suspended" });
  ctx.admin = (await signedIn("admin")).client;
  const r = await signedIn("reviewer");
  await setReviewerScopes(r.user.id, [{ region: "和田地区", batchId: null }]);
  ctx.reviewer = r.client;
  ctx.expert = (await signedIn("expert")).client;
});

t("an administrator finds records by 专家编号, 姓名 (rare characters too) or 工作单位", async () => {
  const byNumber = await get(ctx.admin, `q=${ctx.tag}`);
  assert.is(byNumber.status, 200);
  assert.is(byNumber.page!.total, 3);
  assert.equal(byNumber.page!.items.map((i) => i.id), [ctx.ids.urumqi, ctx.ids.ili, ctx.ids.hotan], "newest first");
  assert.equal((await get(ctx.admin, `q=${encodeURIComponent("𠮷祥")}`)).page!.items.map((i) => i.id), [ctx.ids.ili]);
  assert.equal((await get(ctx.admin, `q=${encodeURIComponent("公路局")}`)).page!.items.map((i) => i.id), [ctx.ids.ili]);
  // % and _ are searched as text, not as wildcards.
  assert.equal((await get(ctx.admin, `q=${encodeURIComponent("100%_")}`)).page!.items.map((i) => i.id), [ctx.ids.urumqi]);
  assert.is((await get(ctx.admin, `q=${encodeURIComponent("%")}&region=${encodeURIComponent("和田地区")}`)).page!.total, 0);
});

t("filters: 评标地州 and 状态; unknown values are ignored or find nothing, never an error", async () => {
  const hotan = await get(ctx.admin, `q=${ctx.tag}&region=${encodeURIComponent("和田地区")}`);
  assert.equal(hotan.page!.items.map((i) => [i.name, i.region, i.workUnit]), [["阿依古丽", "和田地区", "和田地区建筑设计院"]]);
  const suspended = await get(ctx.admin, `q=${ctx.tag}&status=suspended`);
  assert.equal(suspended.page!.items.map((i) => [i.id, i.statusLabel]), [[ctx.ids.ili, "暂停"]]);
  assert.is((await get(ctx.admin, `q=${ctx.tag}&status=nonsense`)).page!.total, 3, "an unknown status is no filter");
  assert.is((await get(ctx.admin, `q=${ctx.tag}&region=${encodeURIComponent("火星")}`)).page!.total, 0);
  for (const q of [`page=-1`, `page=abc&pageSize=100000`, `q=${"长".repeat(500)}`, `q=%00%E0%A4%A`]) {
    const r = await ctx.admin.get(LIST(q));
    assert.ok(r.status < 500, `${q}: ${r.status}`);
  }
});

t("a reviewer sees only the experts now in their regions, by list and by total; an expert is refused", async () => {
  const mine = await get(ctx.reviewer, `q=${ctx.tag}`);
  assert.equal([mine.page!.total, mine.page!.items.map((i) => i.id)], [1, [ctx.ids.hotan]]);
  assert.is((await get(ctx.reviewer, `q=${ctx.tag}&region=${encodeURIComponent("伊犁哈萨克自治州")}`)).page!.total, 0, "another region by filter: nothing");
  const all = await get(ctx.reviewer);
  assert.ok(all.page!.items.every((i) => i.region === "和田地区"), "no other region on any page");
  assert.is((await ctx.reviewer.get(`/pool/${ctx.ids.ili}/history`)).status, 404, "nor by URL");
  assert.is((await ctx.reviewer.get(`/pool/${ctx.ids.hotan}/history`)).status, 200);
  assert.is((await get(ctx.expert)).status, 403);
});

t("变更历史 as of a date: a day outside the calendar's years is said so, a malformed one as a format", async () => {
  const at = (date: string) => ctx.admin.get(`/pool/${ctx.ids.hotan}/history?date=${encodeURIComponent(date)}&${DATA("routes/_app.pool.$id.history")}`).then((r) => r.json());
  assert.is((await at("1900-01-01")).dateError, "请输入2000年至2100年之间的日期");
  assert.is((await at("2026-02-30")).dateError, "请按“年-月-日”输入日期，例如 2026-01-31");
  assert.is((await at("abc")).dateError, "请按“年-月-日”输入日期，例如 2026-01-31");
  const today = await at(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  assert.equal([today.dateError, today.asOf.found], [null, true]);
});

t.run();
