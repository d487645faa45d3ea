import "../setup/guard";
// 节假日日历 (/admin/calendar, issue 15): administrators only; the regional layer of a year beside the
// national arrangement (a year without it is 暂定); adding and deleting regional days, each audited; bad
// input refused with a Chinese message, a 4xx and nothing written. A day added through the page (this
// server) changes the deadline computed by another copy of the calendar module (this test process's).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client, db } from "../setup/app";
import { DATA } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { nationalDataYears } from "~/features/calendar/national-days.server";
import { isWorkingDay, workingDayDeadline } from "~/features/calendar/working-days.server";

const t = suite("calendar admin");
const ROUTE = "routes/_app.admin.calendar";
const ctx = {} as { admin: Client; adminId: number; expert: Client; reviewer: Client };
type Answer = { ok: boolean; message?: string; errors?: Record<string, string>; error?: string };
type YearData = {
  year: number; published: boolean; dataYears: [number, number]; years: number[];
  regional: { id: number; region: string; date: string; kind: string; name: string; source: string; createdBy: string; national: string; changesNational: boolean }[];
  national: { name: string; off: string[]; work: string[] }[];
  regionOptions: { value: string; label: string }[];
};

// This suite's own region and year, so suites sharing the database never see its days.
const REGION = "伊犁哈萨克自治州";
const YEAR = nationalDataYears().at(-1)! + 5;
const day = (md: string) => `${YEAR}-${md}`;
const valid = (over: Record<string, string> = {}) => ({ intent: "add", date: day("03-04"), kind: "off", region: REGION, name: "测试节", source: "测试通知（集成测试）", ...over });

const post = async (fields: Record<string, string>, c = ctx.admin) => {
  const res = await c.post(`/admin/calendar?${DATA(ROUTE)}`, fields);
  return { status: res.status, body: (await res.json()) as Answer };
};
const yearData = async (year: number | string, c = ctx.admin) => {
  const res = await c.get(`/admin/calendar?year=${year}&${DATA(ROUTE)}`);
  return { status: res.status, body: (await res.json()) as YearData & { error?: string } };
};
const stored = async () => Number((await db("calendar_days").where({ region: REGION }).count({ n: "*" }))[0].n);
const audits = async () => Number((await db("audit_log").where({ action: "calendar.change" }).count({ n: "*" }))[0].n);
const version = async () => Number((await db("calendar_layer_version").where({ id: 1 }).first()).version);

t.before(async () => {
  const a = await signedIn("admin");
  ctx.admin = a.client;
  ctx.adminId = a.user.id;
  ctx.expert = (await signedIn("expert")).client;
  ctx.reviewer = (await signedIn("reviewer")).client;
});

t("only administrators: anonymous → sign-in page, expert and reviewer → 403 (page, data and posts), nothing written", async () => {
  const [rows0, audits0] = [await db("calendar_days").count({ n: "*" }), await audits()];
  const anon = await new Client().prime();
  const page = await anon.get("/admin/calendar");
  assert.is(page.status, 302);
  assert.match(page.headers.get("location") ?? "", /^\/login\?redirectTo=%2Fadmin%2Fcalendar/);
  assert.is((await anon.post("/admin/calendar", valid())).status, 401);
  for (const c of [ctx.expert, ctx.reviewer]) {
    assert.is((await c.get("/admin/calendar")).status, 403);
    assert.is((await yearData(2025, c)).status, 403);
    assert.is((await post(valid(), c)).status, 403);
    const first = (await db("calendar_days").first("id")).id;
    assert.is((await post({ intent: "delete", id: String(first) }, c)).status, 403);
  }
  assert.equal(await db("calendar_days").count({ n: "*" }), rows0);
  assert.is(await audits(), audits0);
  const html = await (await ctx.admin.get("/admin/calendar?year=2025")).text();
  assert.match(html, "节假日日历");
  assert.match(html, "古尔邦节");
  assert.match(html, "与全国不同");
});

t("the year's regional days beside the national arrangement; a year without national data is 暂定", async () => {
  const { status, body } = await yearData(2025);
  assert.is(status, 200);
  assert.is(body.published, true);
  const seeded = body.regional.filter((r) => r.region === "新疆").map((r) => `${r.date} ${r.name} ${r.changesNational ? "changes" : "same"}`);
  assert.equal(seeded, [
    "2025-03-29 肉孜节 same", "2025-03-30 肉孜节 same", "2025-03-31 肉孜节 changes",
    "2025-06-06 古尔邦节 changes", "2025-06-07 古尔邦节 same", "2025-06-08 古尔邦节 same", "2025-06-09 古尔邦节 changes", "2025-06-10 古尔邦节 changes",
  ]);
  assert.match(body.regional[0].source, "新疆维吾尔自治区人民政府办公厅");
  assert.is(body.regional[0].createdBy, "初始数据");
  assert.equal(body.national.find((h) => h.name.startsWith("国庆节")), {
    name: "国庆节、中秋", off: ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"], work: ["2025-09-28", "2025-10-11"],
  });
  assert.ok(body.regionOptions.some((o) => o.value === "新疆") && body.regionOptions.some((o) => o.value === REGION));

  const later = await yearData(YEAR);
  assert.is(later.status, 200);
  assert.is(later.body.published, false);
  assert.equal(later.body.national, []);
  const html = await (await ctx.admin.get(`/admin/calendar?year=${YEAR}`)).text();
  assert.match(html, `${YEAR}年为暂定`);
  assert.match(html, "周一至周五上班");

  for (const bad of ["abc", "1999", "2101", "20251"]) {
    const r = await yearData(bad);
    assert.is(r.status, 400, bad);
    assert.is(r.body.error, "年份应为2000至2100之间的四位数字");
  }
});

t("add: stored, audited, the version bumped, and another copy of the calendar sees it at once", async () => {
  // Before: Tuesday 3/4 is a provisional working day, the first working day after Monday 3/3.
  const before = await workingDayDeadline(Date.parse(`${day("03-03")}T10:00:00+08:00`), 1, { region: REGION });
  assert.equal(before.date, day("03-04"));
  const [audits0, version0] = [await audits(), await version()];
  const r = await post(valid());
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.match(r.body.message!, `已添加：${REGION} ${day("03-04")}`);
  const row = await db("calendar_days").where({ region: REGION, date: day("03-04") }).first();
  assert.equal({ kind: row.kind, name: row.name, source: row.source, created_by: row.created_by }, { kind: "off", name: "测试节", source: "测试通知（集成测试）", created_by: ctx.adminId });
  assert.is(await audits(), audits0 + 1);
  const entry = await db("audit_log").where({ action: "calendar.change" }).orderBy("id", "desc").first();
  assert.equal([entry.actor_id, entry.target_type, entry.target_id], [ctx.adminId, "CalendarDay", String(row.id)]);
  assert.equal(JSON.parse(entry.detail), { add: { region: REGION, date: day("03-04"), kind: "off", name: "测试节" } });
  assert.is(await version(), version0 + 1);

  const after = await workingDayDeadline(Date.parse(`${day("03-03")}T10:00:00+08:00`), 1, { region: REGION });
  assert.equal(after.date, day("03-05"));
  assert.ok(after.provisional, "3/5 still rests on Mon–Fri only");
  assert.equal(await isWorkingDay(day("03-04"), REGION), { working: false, name: "测试节", provisional: false });
  assert.is((await isWorkingDay(day("03-04"), "喀什地区")).working, true, "another 地州 is unaffected");

  // A 补班 day on a Saturday, for the whole region; a line break in 依据 is kept as a space.
  const sat = [...Array(7)].map((_, i) => day(`05-0${i + 1}`)).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6)!;
  const w = await post(valid({ date: sat, kind: "work", region: REGION, name: "调休上班", source: "第一行\n第二行" }));
  assert.is(w.status, 200);
  assert.is((await db("calendar_days").where({ region: REGION, date: sat }).first()).source, "第一行 第二行");
  assert.is((await isWorkingDay(sat, REGION)).working, true);
  const listed = (await yearData(YEAR)).body.regional.filter((x) => x.region === REGION).map((x) => [x.date, x.kind, x.changesNational, x.national]);
  assert.equal(listed, [[day("03-04"), "off", true, "工作日（暂定）"], [sat, "work", true, "休息日（暂定）"]]);
});

t("bad input: a Chinese message on the field, 4xx, nothing written and nothing audited", async () => {
  const [rows0, audits0, version0] = [await stored(), await audits(), await version()];
  const cases: [Record<string, string>, number, string, string][] = [
    [{ date: "" }, 400, "date", "请填写日期"],
    [{ date: `${YEAR}/06/01` }, 400, "date", "日期格式应为 YYYY-MM-DD"],
    [{ date: `${YEAR}-02-30` }, 400, "date", "不存在"],
    [{ date: "1999-06-01" }, 400, "date", "日期须在2000年至2100年之间"],
    [{ kind: "holiday" }, 400, "kind", "请选择放假或补班"],
    [{ kind: "" }, 400, "kind", "请选择放假或补班"],
    [{ region: "" }, 400, "region", "请选择适用地区"],
    [{ region: "火星" }, 400, "region", "不在地州目录中或已停用"],
    [{ name: "" }, 400, "name", "请填写名称"],
    [{ name: "节".repeat(21) }, 400, "name", "名称不能超过20个字（现为21个）"],
    [{ name: "𠀀".repeat(21) }, 400, "name", "名称不能超过20个字"],
    [{ name: "\u200b" }, 400, "name", "名称不能包含不可见的格式字符（U+200B"],
    [{ source: "通知\u202e" }, 400, "source", "依据不能包含不可见的格式字符（U+202E"],
    [{ source: "   " }, 400, "source", "请填写依据"],
    [{ source: "据".repeat(501) }, 400, "source", "依据不能超过500个字"],
    [{ date: day("03-04") }, 409, "date", "已有记录（测试节，放假），如需更改请先删除该记录"],
  ];
  for (const [over, status, fieldName, message] of cases) {
    const r = await post(valid(over));
    assert.is(r.status, status, JSON.stringify(over));
    assert.match(r.body.errors?.[fieldName] ?? "", message, JSON.stringify(over));
  }
  // Several at once: each field says what is wrong with it.
  const many = await post(valid({ date: "x", kind: "", name: "" }));
  assert.equal(Object.keys(many.body.errors!).sort(), ["date", "kind", "name"]);
  // The page, not only the data request, shows the messages (and keeps what was typed).
  const html = await (await ctx.admin.post("/admin/calendar", valid({ name: "节".repeat(21) }))).text();
  assert.match(html, "名称不能超过20个字");
  assert.match(html, "测试通知（集成测试）");
  // Unknown intents and forged posts.
  const unknown = await post({ intent: "rename" });
  assert.is(unknown.status, 400);
  assert.is(unknown.body.error, "未知的操作");
  assert.is((await ctx.admin.post("/admin/calendar", valid({ date: day("08-08") }), { csrf: false })).status, 403);
  assert.equal([await stored(), await audits(), await version()], [rows0, audits0, version0]);
});

t("delete: removed, audited, seen by the calendar; deleting again is a 404", async () => {
  const row = await db("calendar_days").where({ region: REGION, date: day("03-04") }).first();
  const audits0 = await audits();
  const r = await post({ intent: "delete", id: String(row.id) });
  assert.is(r.status, 200);
  assert.match(r.body.message!, `已删除：${REGION} ${day("03-04")} 放假「测试节」`);
  assert.not.ok(await db("calendar_days").where({ id: row.id }).first());
  assert.is(await audits(), audits0 + 1);
  const entry = await db("audit_log").where({ action: "calendar.change" }).orderBy("id", "desc").first();
  assert.equal(JSON.parse(entry.detail), { delete: { region: REGION, date: day("03-04"), kind: "off", name: "测试节" } });
  assert.is((await isWorkingDay(day("03-04"), REGION)).working, true);

  for (const id of [String(row.id), "", "abc", "-1", "99999999999999999999"]) {
    const again = await post({ intent: "delete", id });
    assert.is(again.status, 404, id);
    assert.match(again.body.errors!.id, "该记录不存在");
  }
  assert.is(await audits(), audits0 + 1);
  // Clean up this suite's other day (through the page, as an administrator would).
  const rest = await db("calendar_days").where({ region: REGION });
  for (const x of rest) assert.is((await post({ intent: "delete", id: String(x.id) })).status, 200);
  assert.is(await stored(), 0);
});

t.run();
