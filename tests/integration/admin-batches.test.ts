import "../setup/guard";
// Administration without code (issue 7): batches created, edited and cloned with server-side checks;
// experts see only open batches; reviewer scopes set by an admin; the roster exported as XLSX (read back
// with a real XLSX reader) and CSV, ID numbers masked unless asked for, which is audited.
import ExcelJS from "exceljs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { db } from "../setup/app";
import type { Client } from "../setup/app";
import { makeUser, signedIn } from "../setup/factories";
import { VALID_SAMPLES } from "../fixtures/form-samples";
import { enterPool } from "~/models/pool.server";
import { cnIdCardCheckChar } from "~/engine/forms/formats";

const DATA = (route: string) => `_data=${encodeURIComponent(route)}`;
const ts = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
const count = async (table: string) => Number((await db(table).count({ n: "*" }))[0].n);

async function batchFields(over: Record<string, string | string[]> = {}) {
  const first = await db("batches").where({ name: "2025年第一批" }).first();
  const forms = JSON.parse(first.form_versions) as Record<string, number>;
  return {
    name: "2026年第一批", opensAt: ts(Date.now() - 3600_000), closesAt: ts(Date.now() + 30 * 86_400_000), batchDate: "2026-03-01",
    workflow: `${first.workflow_key}@${first.workflow_version}`, ...Object.fromEntries(Object.entries(forms).map(([k, v]) => [`forms.${k}`, String(v)])),
    eligibilityRules: first.eligibility_rules, pledgeText: first.pledge_text, applicationTypes: ["新增", "续聘"], numberFormat: "XJ{year}{seq:4}",
    feeYuan: "300", paymentInstructions: "扫码缴费", paymentWorkingDays: "10", certificateYears: "2", ...over,
  };
}

let admin: Client;
test.before(async () => {
  admin = (await signedIn("admin")).client;
});

test("a new batch with bad settings is refused field by field in Chinese, and nothing is created", async () => {
  const before = await count("batches");
  const res = await admin.post(`/admin/batches/new?${DATA("routes/_app.admin.batches.$id")}`, await batchFields({
    name: "", closesAt: ts(Date.now() - 86_400_000 * 10), eligibilityRules: "[{", numberFormat: "XJ", feeYuan: "-1", workflow: "nope@9",
  }));
  assert.is(res.status, 400);
  const { errors } = (await res.json()) as { errors: Record<string, string> };
  for (const k of ["name", "closesAt", "eligibilityRules", "numberFormat", "feeYuan", "workflow"]) assert.match(errors[k] ?? "", /[\u4e00-\u9fa5]/, k);
  assert.is(errors.eligibilityRules, "资格规则不是有效的 JSON（第 3 个字符附近有误），请检查括号、引号和逗号", "no English from the parser");
  // A zero-width space makes a second 2025年第一批 that looks the same; {seq:99} pads to 99 digits.
  const more = await admin.post(`/admin/batches/new?${DATA("routes/_app.admin.batches.$id")}`, await batchFields({
    name: "2025年第一批\u200b", numberFormat: "XJ{year}{seq:99}", certificateNumberFormat: "ZS{seq:0}",
    courseName: ["法规", "", "实务", "法规"], courseDays: ["0", "5", "7", "3"],
  }));
  assert.is(more.status, 400);
  const e2 = ((await more.json()) as { errors: Record<string, string> }).errors;
  assert.match(e2.name, "批次名称不能包含不可见的格式字符（U+200B");
  assert.match(e2.numberFormat, "序号的位数须为 1 到 8");
  assert.match(e2.certificateNumberFormat, "序号的位数须为 1 到 8");
  // Every bad course is named, not only the last one.
  assert.is(e2.courses, "课程「法规」的学习天数须为 1 到 365 的整数；第2门课程缺少课程名称");
  // 学习天数 are read whole: 36500 is refused as itself, and 00030 is 30 days (cut to four digits it was 3).
  const days = await admin.post(`/admin/batches/new?${DATA("routes/_app.admin.batches.$id")}`, await batchFields({
    name: "学习天数批次", courseName: ["法规", "实务"], courseDays: ["36500", "00030"],
  }));
  assert.is(days.status, 400);
  assert.is(((await days.json()) as { errors: Record<string, string> }).errors.courses, "课程「法规」的学习天数须为 1 到 365 的整数");
  assert.is(await count("batches"), before);
  const ok = await admin.post("/admin/batches/new", await batchFields({ name: "学习天数批次", courseName: ["实务"], courseDays: ["00030"] }));
  assert.is(ok.status, 302);
  const made = Number(/\/admin\/batches\/(\d+)/.exec(ok.headers.get("location")!)![1]);
  assert.equal(await db("training_courses").where({ batch_id: made }).select("name", "study_days"), [{ name: "实务", study_days: 30 }]);
});

test("create a batch; experts see it while open and not once closed", async () => {
  const res = await admin.post("/admin/batches/new", await batchFields({ name: "测试开放批次" }));
  assert.is(res.status, 302);
  const id = Number(/\/admin\/batches\/(\d+)/.exec(res.headers.get("location")!)![1]);
  const { client: expert } = await signedIn("expert");
  const open = async () => ((await (await expert.get(`/apply?index&${DATA("routes/_app.apply._index")}`)).json()) as { batches: { id: number }[] }).batches.map((b) => b.id);
  assert.ok((await open()).includes(id));
  await admin.post(`/admin/batches/${id}`, await batchFields({ name: "测试开放批次", opensAt: ts(Date.now() - 86_400_000 * 3), closesAt: ts(Date.now() - 86_400_000) }));
  assert.not.ok((await open()).includes(id), "a closed batch is not offered");
  assert.ok(await db("audit_log").where({ action: "batch.update", target_id: String(id) }).first(), "audited");
});

test("批次设置 of a batch on an older form version says what the newer versions change", async () => {
  const first = await db("batches").where({ name: "2025年第一批" }).first();
  const pinned = JSON.parse(first.form_versions) as Record<string, number>;
  try {
    await db("batches").where({ id: first.id }).update({ form_versions: JSON.stringify({ ...pinned, "expert-basic-info": 4 }) });
    const html = await (await admin.get(`/admin/batches/${first.id}`)).text();
    assert.match(html, /已有更新的版本（第\d+版）/);
    assert.match(html, "第5版：字段「申报专业」改为必填", "v4 → v5 in words");
    await db("batches").where({ id: first.id }).update({ form_versions: JSON.stringify({ ...pinned, "expert-basic-info": 5 }) });
    const latest = await (await admin.get(`/admin/batches/${first.id}`)).text();
    assert.not.match(latest, "第5版：字段「申报专业」改为必填", "nothing newer to tell on the latest version");
  } finally {
    await db("batches").where({ id: first.id }).update({ form_versions: first.form_versions });
  }
});

test("复制 copies every setting under a new name, closed until edited", async () => {
  const src = await db("batches").where({ name: "2025年第一批" }).first();
  // Content the features keep per batch: a lesson in a course, the exam's definition and bank (one deleted question).
  const t = Date.now();
  const seq = Number((await db("training_courses").where({ batch_id: src.id }).max({ m: "seq" }))[0].m ?? 0) + 1;
  const [course] = await db("training_courses").insert({ batch_id: src.id, seq, name: "复制测试课程", study_days: 5 }).returning("id");
  const courseId = Number(typeof course === "object" ? course.id : course);
  await db("training_lessons").insert({ course_id: courseId, seq: 1, title: "第一讲", kind: "video", sha256: "a".repeat(64), mime: "video/mp4", size: 1000, duration_s: 60, min_study_s: 57, created_at: t });
  await db("exam_definitions").insert({ batch_id: src.id, draws: JSON.stringify([{ category: "政策法规", count: 1 }]), minutes: 30, pass_mark: 80, attempts: 2, retake_needs_study: true, updated_at: t })
    .onConflict("batch_id").merge();
  const question = (stem: string, deleted: number | null) => ({ batch_id: src.id, category: "政策法规", kind: "judge", stem, options: JSON.stringify(["正确", "错误"]), answer: "[0]", explanation: "", created_at: t, deleted_at: deleted });
  await db("exam_questions").insert([question("复制测试题（保留）", null), question("复制测试题（已删除）", t)]);
  const liveQuestions = await db("exam_questions").where({ batch_id: src.id }).whereNull("deleted_at").orderBy("id").pluck("stem");
  const res = await admin.post("/admin/batches?index", { intent: "clone", batchId: String(src.id) });
  assert.is(res.status, 302);
  const copy = await db("batches").where({ name: "2025年第一批（复制）" }).first();
  assert.ok(copy);
  for (const k of ["pledge_text", "eligibility_rules", "form_versions", "workflow_key", "workflow_version", "number_format"]) assert.equal(copy[k], src[k], k);
  assert.is(Number(copy.opens_at), Number(copy.closes_at), "closed until the admin sets a window");
  const copiedLessons = await db("training_lessons as l").join("training_courses as c", "c.id", "l.course_id").where({ "c.batch_id": copy.id, "c.seq": seq }).select("c.name", "l.title", "l.sha256");
  assert.equal(copiedLessons, [{ name: "复制测试课程", title: "第一讲", sha256: "a".repeat(64) }], "lessons come along, sharing the file");
  const def = await db("exam_definitions").where({ batch_id: copy.id }).first();
  assert.equal([def.minutes, def.pass_mark, JSON.parse(def.draws)], [30, 80, [{ category: "政策法规", count: 1 }]]);
  assert.equal(await db("exam_questions").where({ batch_id: copy.id }).orderBy("id").pluck("stem"), liveQuestions, "the live bank, not the deleted question");
  assert.is((await admin.post("/admin/batches?index", { intent: "clone", batchId: "999999" })).status, 404);
});

test("reviewer scopes: set by the admin with checks, and the reviewer's abilities follow", async () => {
  const reviewer = await makeUser("reviewer");
  const bad = await admin.post("/admin/users", { intent: "scopes", userId: String(reviewer.id), regions: ["火星"] });
  assert.is(bad.status, 400);
  assert.is(await count("reviewer_scopes").then(() => db("reviewer_scopes").where({ user_id: reviewer.id }).count({ n: "*" })).then((r) => Number(r[0].n)), 0);
  const ok = await admin.post("/admin/users", { intent: "scopes", userId: String(reviewer.id), regions: ["乌鲁木齐市", "哈密市"] });
  assert.is(ok.status, 200);
  const rows = await db("reviewer_scopes").where({ user_id: reviewer.id }).orderBy("region");
  assert.equal(rows.map((r) => [r.region, r.batch_id]), [["乌鲁木齐市", null], ["哈密市", null]].sort());
  const expert = await makeUser("expert");
  assert.is((await admin.post("/admin/users", { intent: "scopes", userId: String(expert.id), regions: ["哈密市"] })).status, 400, "only reviewers have scopes");
});

test("roster export: XLSX read back with masked ID numbers; full numbers only on request, audited", async () => {
  const { user } = await signedIn("expert");
  const batch = await db("batches").where({ name: "2025年第一批" }).first();
  const wf = await db("workflow_versions").where({ key: "expert-admission", version: 1 }).first("hash");
  const [{ id }] = await db("workflow_instances").insert({
    workflow_key: "expert-admission", workflow_version: 1, workflow_hash: wf.hash, owner_id: user.id, batch_id: batch.id, state: "approved", row_version: 3,
    data: "{}", number: `XJ2099${String(user.id).padStart(4, "0")}`, region: "乌鲁木齐市", specialty: "A01", applicant_name: "名册测试",
    created_at: Date.now(), updated_at: Date.now(), submitted_at: Date.now(),
  }).returning("id");
  // An ID number of this test's own (the pool holds one record per ID number); odd 17th digit: 男.
  const first17 = `65010219800101${String(((user.id % 500) * 2) + 1).padStart(3, "0")}`;
  const info: Record<string, unknown> = { ...VALID_SAMPLES["expert-basic-info"], name: "名册测试", idCard: first17 + cnIdCardCheckChar(first17) };
  await db("form_submissions").insert({ owner_id: user.id, form_key: "expert-basic-info", form_version: 1, form_hash: "x", scope: `application:${id}`, data: JSON.stringify(info), status: "complete", created_at: 1, updated_at: 1 });
  // The roster lists the pool: the approval puts the expert there (enterPool runs in its transaction).
  const number = `XJ2099${String(user.id).padStart(4, "0")}`;
  await db.transaction((trx) => enterPool(trx, { instanceId: id, number, actorId: user.id, now: Date.now() }));

  const res = await admin.get("/admin/reports/roster?format=xlsx");
  assert.is(res.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = book.getWorksheet("专家名册")!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  assert.equal(header.slice(0, 4), ["专家编号", "姓名", "性别", "身份证号"]);
  const row = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => (r.values as string[]).slice(1)).find((v) => v[1] === "名册测试")!;
  assert.ok(row, "the approved expert is in the roster");
  const idCard = info.idCard as string;
  assert.is(row[3], `${idCard.slice(0, 6)}********${idCard.slice(-4)}`);
  assert.is(row[4], "乌鲁木齐市");

  const bytes = Buffer.from(await (await admin.get("/admin/reports/roster?format=csv&full=1")).arrayBuffer());
  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM, so Excel reads the Chinese");
  const full = bytes.toString("utf8");
  assert.ok(full.includes("专家编号,姓名"), "header row");
  assert.match(full, idCard);
  assert.ok(await db("audit_log").where({ action: "roster.export" }).whereRaw("detail like ?", ['%"fullIdCards":true%']).first(), "a full export is audited");
  const { client: reviewer } = await signedIn("reviewer");
  assert.is((await reviewer.get("/admin/reports/roster?format=csv")).status, 403);
});

test("catalogs as data: add a region and a specialty, rename it; bad input refused; experts refused", async () => {
  const before = await count("regions");
  const bad = await admin.post("/admin/catalogs", { intent: "add-region", code: "12", name: "" });
  assert.is(bad.status, 400);
  assert.is(await count("regions"), before);
  assert.is((await admin.post("/admin/catalogs", { intent: "add-region", code: "659999", name: "测试地区" })).status, 200);
  assert.is((await admin.post("/admin/catalogs", { intent: "add-region", code: "659999", name: "测试地区二" })).status, 400, "duplicate code");
  assert.is((await admin.post("/admin/catalogs", { intent: "add-specialty", parent: "A", code: "A99", name: "测试专业" })).status, 200);
  assert.is((await admin.post("/admin/catalogs", { intent: "rename-specialty", code: "A99", name: "测试专业（新）" })).status, 200);
  assert.is((await db("specialties").where({ code: "A99" }).first()).name, "测试专业（新）");
  assert.is((await admin.post("/admin/catalogs", { intent: "add-specialty", parent: "NOPE", code: "Z1", name: "某" })).status, 400);
  const { client: expert } = await signedIn("expert");
  assert.is((await expert.post("/admin/catalogs", { intent: "add-region", code: "659998", name: "某地" })).status, 403);
});

test.run();
