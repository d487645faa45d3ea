// Administering batches: reading one as an editable form, checking an edit (every field, Chinese
// messages), saving, and cloning. Submissions stay pinned to the versions they were filled against, so
// editing a batch only affects what is filled from now on.
import { APPLICATION_TYPES, AUDIT_ACTION, COURSE_DAYS, COURSE_DAYS_TEXT } from "./constants";
import { invisibleCharProblem } from "~/engine/forms/invisible-chars";
import { describeFormChanges } from "~/engine/forms/form-changes";
import { checkRules, ruleVariableProblems } from "~/engine/forms/rules";
import { getFormVersion } from "~/engine/forms/registry.server";
import { getWorkflowVersion } from "~/engine/workflows/registry.server";
import { now } from "~/utils/clock.server";
import type { Knex } from "knex";
import { db, rowCount } from "~/utils/db.server";
import { formatYuan, parseYuan } from "~/utils/money";
import { cleanText } from "~/utils/request.server";
import { audit } from "./audit.server";
import type { BatchRule } from "./batches.server";
import { copyBatchContent } from "./batch-copy.server";

export type BatchInput = {
  name: string; opensAt: number; closesAt: number; batchDate: string; workflowKey: string; workflowVersion: number;
  forms: Record<string, number>; pledgeText: string; eligibilityRules: BatchRule[]; applicationTypes: string[]; numberFormat: string;
  feeFen: number; retakeFeeFen: number; courses: CourseInput[]; paymentInstructions: string; paymentWorkingDays: number; certificateYears: number;
  certificateNumberFormat: string; certificateIssuer: string;
};

type Errors = Record<string, string>;
const SH = 8 * 3600_000;

/** "2025-03-01T09:00" (or "2025-03-01 09:00") in Asia/Shanghai → epoch ms, or NaN (no such date or time: 02-30, 25:61). */
export function parseLocalTime(v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(v);
  if (!m || +m[4] > 23 || +m[5] > 59) return NaN;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) - SH;
  const back = new Date(t + SH);
  return back.getUTCDate() === +m[3] && back.getUTCMonth() === +m[2] - 1 ? t : NaN;
}

/** Whether `v` is a date that exists, written YYYY-MM-DD (2027-02-30 is not). */
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(parseLocalTime(`${v} 00:00`));

/**
 * What is wrong with a date (or, with `time`, date and time) typed as `v` into the field `label`, in
 * Chinese: missing, not in the format, or no such day or time; null when `ok` (the caller's parse) holds.
 */
function dateProblem(v: string, label: string, ok: boolean, time: boolean): string | null {
  if (ok) return null;
  if (!v) return `请填写${label}`;
  const shape = time ? /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/ : /^\d{4}-\d{2}-\d{2}$/;
  if (!shape.test(v)) return `${label}格式应为 ${time ? "YYYY-MM-DD HH:mm（如 2026-03-01 09:00）" : "YYYY-MM-DD（如 2026-03-01）"}`;
  return `${label}「${v}」${time ? "日期或时间" : "日期"}不存在`;
}
export const toLocalTime = (ms: number) => new Date(Number(ms) + SH).toISOString().slice(0, 16);

const int = (v: string, min: number, max: number) => (/^\d{1,9}$/.test(v) && +v >= min && +v <= max ? +v : NaN);

/**
 * Every variable of the eligibility rules checked against the schema of the form version the batch pins
 * (a rule runs against its `form`; `$context.forms.<表单>` against that form's pinned version), in
 * Chinese naming 第n条规则 as in the list typed. Forms not pinned (the workflow check failed) are skipped.
 */
async function eligibilityVariableProblems(rules: BatchRule[], forms: Record<string, number>): Promise<string[]> {
  const schemas = new Map<string, unknown>();
  for (const [key, version] of Object.entries(forms)) schemas.set(key, (await getFormVersion(key, version))?.definition.schema);
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    const schema = schemas.get(rule.form);
    if (schema === undefined) return;
    const { form: _form, ...plain } = rule;
    // Checked one at a time, so the rule's number in the message is its place in the whole list.
    for (const p of ruleVariableProblems([plain], schema, (key) => schemas.get(key))) problems.push(p.replace(/^第1条规则/, `第${i + 1}条规则`));
  });
  return problems;
}

/** Widest zero-padded sequence a number format may ask for ({seq:8}: 99,999,999 numbers in a year). */
const SEQ_WIDTH_MAX = 8;

/** Why `format` (专家编号/证书编号, e.g. XJ{year}{seq:4}) cannot number anything, or null. */
function numberFormatProblem(format: string, label: string, example: string): string | null {
  const rule = `${label}格式须包含 {seq} 或 ${example}，只能含字母、数字、- 和 {year}`;
  if (!/\{seq(:\d{1,2})?\}/.test(format) || /[^A-Za-z0-9{}:\-]/.test(format)) return rule;
  const width = Number(/\{seq:(\d+)\}/.exec(format)?.[1] ?? 1);
  return width >= 1 && width <= SEQ_WIDTH_MAX ? null : `${label}格式中序号的位数须为 1 到 ${SEQ_WIDTH_MAX}（如 ${example}）`;
}

/** The dates as typed (cut as parseBatchInput reads them), for a refused form to show again unchanged. */
export function typedDates(form: FormData): { opensAt: string; closesAt: string; batchDate: string } {
  return { opensAt: cleanText(form.get("opensAt"), 20), closesAt: cleanText(form.get("closesAt"), 20), batchDate: cleanText(form.get("batchDate"), 20) };
}

/** Checks an edited batch; the form posts flat fields, and `forms.<key>` per form of the workflow. */
export async function parseBatchInput(form: FormData, selfId?: number): Promise<{ ok: true; value: BatchInput } | { ok: false; errors: Errors }> {
  const f = (k: string, max = 200) => cleanText(form.get(k), max);
  const errors: Errors = {};
  const name = f("name", 100);
  const nameInvisible = invisibleCharProblem(name);
  if (!name) errors.name = "请填写批次名称";
  // "2025年第一批" + U+200B would be a second batch that looks the same in the experts' list.
  else if (nameInvisible) errors.name = `批次名称${nameInvisible}`;
  else if (await db("batches").where({ name }).whereNot("id", selfId ?? 0).first("id")) errors.name = "已有同名批次";
  const opensAt = parseLocalTime(f("opensAt", 20));
  const closesAt = parseLocalTime(f("closesAt", 20));
  const opensProblem = dateProblem(f("opensAt", 20), "报名开始时间", !Number.isNaN(opensAt), true);
  const closesProblem = dateProblem(f("closesAt", 20), "报名截止时间", !Number.isNaN(closesAt), true);
  if (opensProblem) errors.opensAt = opensProblem;
  if (closesProblem) errors.closesAt = closesProblem;
  else if (!Number.isNaN(opensAt) && closesAt <= opensAt) errors.closesAt = "报名截止时间必须晚于开始时间";
  const batchDate = f("batchDate", 20);
  const batchDateProblem = dateProblem(batchDate, "批次基准日", isDate(batchDate), false);
  if (batchDateProblem) errors.batchDate = batchDateProblem;

  const [workflowKey, versionText] = f("workflow", 100).split("@");
  const workflowVersion = Number(versionText);
  const wf = workflowKey && Number.isSafeInteger(workflowVersion) ? await getWorkflowVersion(workflowKey, workflowVersion) : undefined;
  const forms: Record<string, number> = {};
  if (!wf) errors.workflow = "请选择已发布的流程版本";
  else {
    for (const key of wf.definition.steps.flatMap((s) => s.forms ?? [])) {
      const v = Number(f(`forms.${key}`, 6));
      if (!(await db("form_versions").where({ key, version: v }).first("id"))) errors[`forms.${key}`] = `请选择表单「${key}」的已发布版本`;
      else forms[key] = v;
    }
  }
  let eligibilityRules: BatchRule[] = [];
  const rulesText = typeof form.get("eligibilityRules") === "string" ? (form.get("eligibilityRules") as string).slice(0, 50_000) : "";
  try {
    const parsed = rulesText.trim() ? JSON.parse(rulesText) : [];
    const problems = checkRules(Array.isArray(parsed) ? parsed.map((r: Record<string, unknown>) => { const { form: _f, ...rule } = r ?? {}; return rule; }) : parsed);
    const unknownForm = Array.isArray(parsed) ? parsed.findIndex((r: { form?: unknown }) => !r || typeof r.form !== "string" || (wf && !(r.form in forms))) : -1;
    if (problems.length) errors.eligibilityRules = problems.join("；");
    else if (unknownForm >= 0) errors.eligibilityRules = `第${unknownForm + 1}条规则的 form 必须是本批次流程中的表单`;
    else {
      const unknownVars = await eligibilityVariableProblems(parsed as BatchRule[], forms);
      if (unknownVars.length) errors.eligibilityRules = unknownVars.join("；");
      else eligibilityRules = parsed;
    }
  } catch (e) {
    // The parser's own words are English ("Expected property name…"): say where, in Chinese.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    errors.eligibilityRules = `资格规则不是有效的 JSON${at ? `（第 ${Number(at) + 1} 个字符附近有误）` : ""}，请检查括号、引号和逗号`;
  }
  const pledgeText = typeof form.get("pledgeText") === "string" ? (form.get("pledgeText") as string).replace(/\r\n/g, "\n").slice(0, 10_000) : "";
  if (!pledgeText.trim()) errors.pledgeText = "请填写承诺书正文";
  const applicationTypes = [...new Set(form.getAll("applicationTypes").map(String))].filter((t) => (APPLICATION_TYPES as readonly string[]).includes(t));
  if (!applicationTypes.length) errors.applicationTypes = "请至少选择一种入库类型";
  const numberFormat = f("numberFormat", 60);
  const numberProblem = numberFormatProblem(numberFormat, "专家编号", "{seq:4}");
  if (numberProblem) errors.numberFormat = numberProblem;
  const feeFen = parseYuan(f("feeYuan", 20), MAX_FEE_FEN);
  if (feeFen === null) errors.feeYuan = "培训费用须为 0 到 100000 元的金额，最多两位小数（如 300 或 300.50）";
  const retakeFeeFen = parseYuan(f("retakeFeeYuan", 20) || "0", MAX_FEE_FEN);
  if (retakeFeeFen === null) errors.retakeFeeYuan = "补学费用须为 0 到 100000 元的金额，最多两位小数";
  const courses = parseCourses(form, errors);
  const paymentInstructions = typeof form.get("paymentInstructions") === "string" ? (form.get("paymentInstructions") as string).slice(0, 5000) : "";
  const paymentWorkingDays = int(f("paymentWorkingDays", 3), 1, 365);
  if (Number.isNaN(paymentWorkingDays)) errors.paymentWorkingDays = "缴费期限须为 1 到 365 个工作日";
  const certificateYears = int(f("certificateYears", 2), 1, 10);
  if (Number.isNaN(certificateYears)) errors.certificateYears = "证书有效期须为 1 到 10 年";
  // A form without the 专家证书 card's fields (an older client) keeps the defaults of migration 021.
  const certificateNumberFormat = form.get("certificateNumberFormat") === null ? "ZS{year}{seq:5}" : f("certificateNumberFormat", 60);
  const certificateProblem = numberFormatProblem(certificateNumberFormat, "证书编号", "{seq:5}");
  if (certificateProblem) errors.certificateNumberFormat = certificateProblem;
  const certificateIssuer = form.get("certificateIssuer") === null ? "新疆维吾尔自治区评标专家管理办公室" : f("certificateIssuer", 100);
  if (!certificateIssuer) errors.certificateIssuer = "请填写发证单位";

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { name, opensAt, closesAt, batchDate, workflowKey, workflowVersion, forms, pledgeText, eligibilityRules, applicationTypes, numberFormat, feeFen: feeFen!, retakeFeeFen: retakeFeeFen!, courses, paymentInstructions, paymentWorkingDays, certificateYears, certificateNumberFormat, certificateIssuer },
  };
}

const toRow = (v: BatchInput) => ({
  name: v.name, opens_at: v.opensAt, closes_at: v.closesAt, batch_date: v.batchDate, workflow_key: v.workflowKey, workflow_version: v.workflowVersion,
  form_versions: JSON.stringify(v.forms), pledge_text: v.pledgeText, eligibility_rules: JSON.stringify(v.eligibilityRules),
  application_types: JSON.stringify(v.applicationTypes), number_format: v.numberFormat, fee_fen: v.feeFen, retake_fee_fen: v.retakeFeeFen,
  payment_instructions: v.paymentInstructions, payment_working_days: v.paymentWorkingDays, certificate_years: v.certificateYears,
  certificate_number_format: v.certificateNumberFormat, certificate_issuer: v.certificateIssuer,
});

type Actor = { id: number; name: string };

export async function saveBatch(actor: Actor, v: BatchInput, ip: string, id?: number): Promise<number> {
  const t = now();
  return db.transaction(async (trx) => {
    let batchId = id;
    if (id) await trx("batches").where({ id }).update({ ...toRow(v), updated_at: t });
    else batchId = ((await trx("batches").insert({ ...toRow(v), created_at: t, updated_at: t }).returning("id"))[0] as { id: number }).id;
    await saveCourses(trx, batchId!, v.courses);
    await audit({ actor, action: id ? AUDIT_ACTION.batchUpdate : AUDIT_ACTION.batchCreate, target: { type: "Batch", id: batchId! }, ip, detail: { name: v.name } }, trx);
    return batchId!;
  });
}

/** A course of the batch's training plan as the editor posts it (课程名称, 学习天数). */
export type CourseInput = { name: string; days: number };
/** At most this many courses per plan. */
export const MAX_COURSES = 50;
const MAX_FEE_FEN = 100_000 * 100;

/** The plan's courses from the repeated fields `courseName` / `courseDays`; blank rows are dropped. */
function parseCourses(form: FormData, errors: Errors): CourseInput[] {
  const names = form.getAll("courseName").map((v) => cleanText(v, 100));
  // Not cut to a few digits: 9999 must be refused as 9999, not read as 999.
  const days = form.getAll("courseDays").map((v) => cleanText(v, 20));
  const out: CourseInput[] = [];
  // Every bad course is named (one message per course, in order), not only the last one.
  const problems: string[] = [];
  for (let i = 0; i < Math.max(names.length, days.length); i++) {
    if (!names[i] && !days[i]) continue;
    const d = int(days[i] ?? "", COURSE_DAYS.min, COURSE_DAYS.max);
    const label = names[i] ? `课程「${names[i]}」` : `第${i + 1}门课程`;
    if (!names[i]) problems.push(`${label}缺少课程名称`);
    if (Number.isNaN(d)) problems.push(`${label}${COURSE_DAYS_TEXT}`);
    if (!names[i] || Number.isNaN(d)) continue;
    if (out.some((c) => c.name === names[i])) problems.push(`${label}重复`);
    else out.push({ name: names[i], days: d });
  }
  if (out.length > MAX_COURSES) problems.push(`每个批次最多${MAX_COURSES}门课程`);
  if (problems.length) errors.courses = problems.join("；");
  return out;
}

/** Writes the plan's courses in order, keeping each row by its place (seq) so what hangs on a course stays. */
async function saveCourses(trx: Knex.Transaction, batchId: number, courses: CourseInput[]): Promise<void> {
  await trx("training_courses").where({ batch_id: batchId }).where("seq", ">", courses.length).delete();
  for (const [i, c] of courses.entries()) {
    const n = await trx("training_courses").where({ batch_id: batchId, seq: i + 1 }).update({ name: c.name, study_days: c.days });
    if (!rowCount(n)) await trx("training_courses").insert({ batch_id: batchId, seq: i + 1, name: c.name, study_days: c.days });
  }
}

/**
 * 复制: the same settings under a new name, closed until the administrator sets its window, with the
 * features' per-batch content (lessons, exam definition and question bank: copyBatchContent) — all in
 * one transaction. Null when the batch does not exist.
 */
export async function cloneBatch(actor: Actor, id: number, ip: string): Promise<number | null> {
  return db.transaction(async (trx) => {
    const src = await trx("batches").where({ id }).first();
    if (!src) return null;
    let name = `${src.name}（复制）`;
    for (let i = 2; await trx("batches").where({ name }).first("id"); i++) name = `${src.name}（复制${i}）`;
    const t = now();
    const { id: _id, created_at: _c, updated_at: _u, ...rest } = src;
    const [row] = await trx("batches").insert({ ...rest, name, opens_at: t, closes_at: t, created_at: t, updated_at: t }).returning("id");
    const newId = Number(typeof row === "object" ? (row as { id: number }).id : row);
    const courses = await trx("training_courses").where({ batch_id: id }).orderBy("seq").select("seq", "name", "study_days");
    if (courses.length) await trx("training_courses").insert(courses.map((c: object) => ({ ...c, batch_id: newId })));
    await copyBatchContent(trx, id, newId);
    await audit({ actor, action: AUDIT_ACTION.batchCreate, target: { type: "Batch", id: newId }, ip, detail: { name, clonedFrom: id } }, trx);
    return newId;
  });
}

/** A batch as the editor shows it. */
export async function batchForEdit(id: number) {
  const r = await db("batches").where({ id }).first();
  if (!r) return null;
  return {
    id: r.id as number, name: r.name as string, opensAt: toLocalTime(r.opens_at), closesAt: toLocalTime(r.closes_at), batchDate: r.batch_date as string,
    workflow: `${r.workflow_key}@${r.workflow_version}`, forms: JSON.parse(r.form_versions) as Record<string, number>, pledgeText: r.pledge_text as string,
    eligibilityRules: JSON.stringify(JSON.parse(r.eligibility_rules), null, 2), applicationTypes: JSON.parse(r.application_types) as string[],
    numberFormat: r.number_format as string, feeYuan: formatYuan(Number(r.fee_fen)), retakeFeeYuan: formatYuan(Number(r.retake_fee_fen)),
    courses: (await db("training_courses").where({ batch_id: id }).orderBy("seq").select("name", "study_days")).map((c: { name: string; study_days: number }) => ({ name: c.name, days: String(c.study_days) })), paymentInstructions: r.payment_instructions as string,
    paymentWorkingDays: Number(r.payment_working_days), certificateYears: Number(r.certificate_years),
    certificateNumberFormat: r.certificate_number_format as string, certificateIssuer: r.certificate_issuer as string,
    paymentQrUrl: r.payment_qr_sha ? `/uploads/${r.payment_qr_sha}` : null,
  };
}

/**
 * The definitions (title, schema, uiSchema) of every published version of the forms `keys`, keyed
 * "key@version": what the 资格规则 editor reads the rules against, whichever versions are chosen.
 */
export async function ruleFormDefinitions(keys: readonly string[]): Promise<Record<string, { title: string; schema: unknown; uiSchema: unknown }>> {
  if (!keys.length) return {};
  const rows = await db("form_versions").whereIn("key", [...new Set(keys)]).select("key", "version", "definition");
  return Object.fromEntries(rows.map((r: { key: string; version: number; definition: string }) => {
    const d = JSON.parse(r.definition) as { title: string; schema: unknown; uiSchema: unknown };
    return [`${r.key}@${r.version}`, { title: d.title, schema: d.schema, uiSchema: d.uiSchema }];
  }));
}

/**
 * What the batch editor chooses from: published workflow versions with their form keys, form versions
 * (newest first), and per form key and version what that version changed from the one before it, in
 * words (describeFormChanges; none for a key's first version), so a batch pinned to an older version can
 * be told what the newer ones bring (基本信息 v5: 申报专业 required).
 */
export async function batchEditorOptions() {
  type Listed = { key: string; version: number; title: string };
  const [workflows, forms] = await Promise.all([
    db("workflow_versions").orderBy([{ column: "key" }, { column: "version", order: "desc" }]).select("key", "version", "title") as Promise<Listed[]>,
    db("form_versions").orderBy([{ column: "key" }, { column: "version", order: "desc" }]).select("key", "version", "title") as Promise<Listed[]>,
  ]);
  const formChanges: Record<string, Record<number, string[]>> = {};
  await Promise.all(forms.map(async (f, i) => {
    const before = forms[i + 1];
    if (before?.key !== f.key) return;
    (formChanges[f.key] ??= {})[f.version] = await changesFromVersionBefore(f.key, before.version, f.version);
  }));
  return {
    workflows: await Promise.all(workflows.map(async (w) => ({
      value: `${w.key}@${w.version}`, label: `${w.title}（${w.key} 第${w.version}版）`,
      forms: ((await getWorkflowVersion(w.key, w.version))?.definition.steps ?? []).flatMap((s) => s.forms ?? []),
    }))),
    formVersions: forms.reduce<Record<string, { value: number; label: string }[]>>((acc, f) => {
      (acc[f.key] ??= []).push({ value: f.version, label: `${f.title} 第${f.version}版` });
      return acc;
    }, {}),
    formChanges,
  };
}

/** describeFormChanges' texts by `key@before→version`: published versions never change (DESIGN rule 7). */
const changeTexts = new Map<string, string[]>();

/** What form `key`'s `version` changed from `before`, in words; worked out once per process per pair. */
async function changesFromVersionBefore(key: string, before: number, version: number): Promise<string[]> {
  const id = `${key}@${before}→${version}`;
  const hit = changeTexts.get(id);
  if (hit) return hit;
  const [a, b] = await Promise.all([getFormVersion(key, before), getFormVersion(key, version)]);
  const texts = a && b ? describeFormChanges(a.definition, b.definition).map((c) => c.text) : [];
  changeTexts.set(id, texts);
  return texts;
}
