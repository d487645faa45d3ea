// 我的培训 and 缴费 for the expert (manual 三): their enrolments' courses as the manual's ten-column list,
// the payment page of one enrolment, and 【完成】 (the payment claim, with an optional voucher). An
// enrolment whose payment window has passed is recorded as 已逾期 when it is read (`expire`).
import { subject } from "@casl/ability";
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { enrolmentProgress, lessonProgress } from "~/features/courses/progress.server";
import { stateTitle } from "~/engine/workflows/transition";
import { applyTransition, getInstance, instanceDefinition } from "~/engine/workflows/runtime.server";
import type { InstanceRecord } from "~/engine/workflows/types";
import { AUDIT_ACTION, AUDIT_OUTCOME } from "~/models/constants";
import { audit } from "~/models/audit.server";
import { poolMemberOfUser } from "~/models/pool.server";
import { DAY, now } from "~/utils/clock.server";
import { db, reader } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { httpError } from "~/utils/http.server";
import { awaitsPayment, canStudy, ENROLMENT_STATE, enrolmentStateTitle, enrolmentStep, STEP_PATH, PAYMENT_LINK, paymentStage, TRAINING_WORKFLOW, VOUCHER_TYPES, yuan } from "./enrolment";
import type { EnrolmentData, EnrolmentStep } from "./enrolment";
import type { ExamSummary } from "~/features/exam/attempts-shape";

/** Shown as 课程名称 while a batch's plan lists no course yet (the enrolment still has to be paid). */
export const PLAN_WITHOUT_COURSES = "岗前培训";

/**
 * Records 已逾期 on an enrolment whose window has passed (as the reading user; the guard decides).
 * Returns the instance as it now is.
 */
export async function expireIfOverdue(inst: InstanceRecord, actor: Auth["user"]): Promise<InstanceRecord> {
  const terms = (inst.data as EnrolmentData).payment;
  if (inst.state !== ENROLMENT_STATE.awaitingPayment || !terms || now() <= terms.deadline) return inst;
  const r = await applyTransition(inst.id, "expire", { id: actor.id, role: actor.role }, { expectedRowVersion: inst.rowVersion });
  return r.ok ? r.instance : (await getInstance(inst.id)) ?? inst;
}

/** The user's own enrolments, newest first, past-deadline ones recorded as 已逾期 first. */
async function ownEnrolments(auth: Auth): Promise<InstanceRecord[]> {
  const ids: { id: number }[] = await db("workflow_instances").where({ workflow_key: TRAINING_WORKFLOW, owner_id: auth.user.id }).orderBy("id", "desc").select("id");
  const out: InstanceRecord[] = [];
  for (const { id } of ids) {
    const inst = await getInstance(id);
    if (inst) out.push(await expireIfOverdue(inst, auth.user));
  }
  return out;
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * 我的培训: one row per course of each enrolment (the manual's ten columns), filtered by 课程名称 and
 * paged; with the 专家编号 and each enrolment's payment status above the list.
 */
export async function myTrainingPage(auth: Auth, query: { q: string; page: number; pageSize: number; offset: number }) {
  requireAbility(auth.ability, "read", "Enrolment");
  const enrolments = await ownEnrolments(auth);
  const byId = new Map(enrolments.map((e) => [e.id, e]));
  const base = db("workflow_instances as i")
    .leftJoin("training_courses as c", "c.batch_id", "i.batch_id")
    .where({ "i.workflow_key": TRAINING_WORKFLOW, "i.owner_id": auth.user.id });
  if (query.q) base.whereRaw("coalesce(c.name, ?) like ? escape '\\'", [PLAN_WITHOUT_COURSES, likeOf(query.q)]);
  const [{ n }] = await base.clone().count<{ n: number | string }[]>({ n: "*" });
  const rows: { id: number; course_id: number | null; name: string | null; study_days: number | null }[] = await base.clone()
    .orderBy([{ column: "i.id", order: "desc" }, { column: "c.seq", order: "asc" }])
    .offset(query.offset).limit(query.pageSize)
    .select("i.id", "c.id as course_id", "c.name", "c.study_days");
  // 学习进度 and 培训完毕 from the lessons really studied (features/courses), once per enrolment shown.
  const progress = new Map<number, Awaited<ReturnType<typeof enrolmentProgress>>>();
  for (const id of new Set(rows.map((r) => Number(r.id)))) progress.set(id, await enrolmentProgress(byId.get(id)!));
  const member = await poolMemberOfUser(auth.user.id);
  const defs = new Map<number, Awaited<ReturnType<typeof instanceDefinition>>>();
  for (const e of enrolments) defs.set(e.id, await instanceDefinition(e));
  return {
    expertNumber: member?.number ?? null,
    total: Number(n), page: query.page, pageSize: query.pageSize, q: query.q,
    enrolments: await Promise.all(enrolments.map(async (e) => summary(e, shownTitle(defs.get(e.id)!, e)))),
    rows: rows.map((r, i) => {
      const e = byId.get(Number(r.id))!;
      const data = e.data as EnrolmentData & { exam?: ExamSummary };
      const start = data.studyOpensAt ?? null;
      const p = progress.get(Number(r.id))!;
      return {
        key: `${r.id}-${i}`, seq: query.offset + i + 1, enrolmentId: Number(r.id), course: r.name ?? PLAN_WITHOUT_COURSES,
        studyStart: formatTime(start), studyEnd: start && r.study_days ? formatTime(start + Number(r.study_days) * DAY) : "-",
        progress: (r.course_id !== null && p.courses.get(Number(r.course_id))) || "0%", finished: p.finished ? "是" : "否",
        // 批阅状态 / 批阅时间 from the latest graded exam attempt (features/exam); failing sets 是否补学.
        reviewStatus: data.exam ? (data.exam.passed ? "合格" : "不合格") : "待批阅", reviewedAt: data.exam ? formatTime(data.exam.gradedAt) : "-",
        retake: data.retake || data.exam?.passed === false ? "是" : "否",
        canExam: e.state === ENROLMENT_STATE.studied || e.state === ENROLMENT_STATE.failed || e.state === ENROLMENT_STATE.passed,
        canStudy: canStudy(e.state), canPay: awaitsPayment(e.state), state: e.state,
        // The one link 操作 shows: what the enrolment asks now (its words by the payment's stage).
        step: enrolmentStep(e.state), payment: paymentStage(e.state, data.payment?.dueFen),
      };
    }),
  };
}

/** The enrolment's state title for the expert (待确认 rather than 待缴费 when nothing is due). */
const shownTitle = (def: Awaited<ReturnType<typeof instanceDefinition>>, e: InstanceRecord) =>
  enrolmentStateTitle(e.state, stateTitle(def, e.state), (e.data as EnrolmentData).payment?.dueFen);

async function summary(e: InstanceRecord, title: string) {
  const data = e.data as EnrolmentData;
  const batch = e.batchId ? await db("batches").where({ id: e.batchId }).first("name") : undefined;
  const t = data.payment;
  return {
    id: e.id, batchName: batch?.name ?? "", state: e.state, stateTitle: title,
    due: t ? `${yuan(t.dueFen)} 元` : "-", deadline: t ? formatTime(t.deadline) : "-", provisional: !!t?.provisional,
    // Nothing due (a fee-free batch): the expert still confirms with 【完成】 on the 缴费 page, but is not told to pay.
    free: t?.dueFen === 0,
  };
}

/**
 * 首页's 我的培训 card: the user's newest enrolment, its state's title and the one thing to do next
 * ({ label, to } — 去缴费, 进入学习, 参加考试, 查看考试成绩), or null without an enrolment.
 */
export async function latestEnrolmentStep(auth: Auth): Promise<{ batchName: string; stateTitle: string; next: { label: string; to: string } } | null> {
  const row = await db("workflow_instances").where({ workflow_key: TRAINING_WORKFLOW, owner_id: auth.user.id }).orderBy("id", "desc").first("id");
  const found = row ? await getInstance(Number(row.id)) : null;
  if (!found) return null;
  const e = await expireIfOverdue(found, auth.user);
  const s = await summary(e, shownTitle(await instanceDefinition(e), e));
  const step = enrolmentStep(e.state);
  const label = step === "pay" ? PAYMENT_LINK[paymentStage(e.state, (e.data as EnrolmentData).payment?.dueFen)] : step ? HOME_STEP_LABEL[step] : null;
  const next = step && label ? { label, to: `/training/${e.id}${STEP_PATH[step]}` } : { label: "进入我的培训", to: "/training" };
  return { batchName: s.batchName, stateTitle: s.stateTitle, next };
}

/** 首页's words for each step but paying (whose words go by the payment's stage: PAYMENT_LINK). */
const HOME_STEP_LABEL: Record<Exclude<EnrolmentStep, "pay">, string> = { study: "进入学习", exam: "参加考试", result: "查看考试成绩" };

/**
 * What the 学习 page says once study is behind the expert — the exam next (all courses studied: 【去考试】)
 * or its result — by the same step 我的培训's 操作 link follows (enrolmentStep); null while studying or paying.
 */
function afterStudy(inst: InstanceRecord): { text: string; label: string; to: string; passed: boolean | null } | null {
  const step = enrolmentStep(inst.state);
  if (step !== "exam" && step !== "result") return null;
  const to = `/training/${inst.id}${STEP_PATH[step]}`;
  if (step === "exam") return { text: "您已学完全部课程，下一步请参加考试。", label: "去考试", to, passed: null };
  const passed = inst.state === ENROLMENT_STATE.passed;
  return passed
    ? { text: "您已学完全部课程并通过考试，培训合格。", label: HOME_STEP_LABEL.result, to, passed }
    : { text: "考试不合格，请查看考试成绩，按提示补学或重新参加考试。", label: HOME_STEP_LABEL.result, to, passed };
}

/** The user's enrolment `id` (404 when it is not theirs), with 已逾期 recorded if due. */
export async function ownEnrolment(auth: Auth, id: string | undefined): Promise<InstanceRecord> {
  const n = Number(id);
  // Read beside the writer (SQLite's one write connection): every transition re-checks its row version.
  const inst = Number.isSafeInteger(n) && n > 0 ? await getInstance(n, reader) : undefined;
  if (!inst || inst.workflowKey !== TRAINING_WORKFLOW || !auth.ability.can("read", subject("Enrolment", { owner_id: inst.ownerId } as Record<string, unknown>))) {
    throw httpError(404, "未找到该培训");
  }
  return expireIfOverdue(inst, auth.user);
}

/** The 缴费 page's words when the batch has no 收款二维码: money is due but there is nowhere to pay it. */
export const NO_QR_MESSAGE = "收款二维码尚未配置，暂不能缴费，请联系主管部门";

/** The batch's 收款二维码 (an upload's sha256), or null when none is configured. */
async function paymentQrOf(inst: InstanceRecord): Promise<string | null> {
  const b = inst.batchId ? await db("batches").where({ id: inst.batchId }).first("payment_qr_sha") : undefined;
  return b?.payment_qr_sha ?? null;
}

/** 缴费 page data: amount due (元), deadline, QR, instructions, the 专家编号 reference and the status. */
export async function paymentPage(auth: Auth, inst: InstanceRecord) {
  const data = inst.data as EnrolmentData;
  const terms = data.payment;
  const b = inst.batchId ? await db("batches").where({ id: inst.batchId }).first("name", "payment_instructions", "payment_qr_sha") : undefined;
  const member = await poolMemberOfUser(auth.user.id);
  const def = await instanceDefinition(inst);
  const free = terms?.dueFen === 0;
  const awaiting = inst.state === ENROLMENT_STATE.awaitingPayment;
  return {
    id: inst.id, rowVersion: inst.rowVersion, state: inst.state, stateTitle: shownTitle(def, inst), batchName: b?.name ?? "",
    dueFen: terms?.dueFen ?? 0, due: terms ? yuan(terms.dueFen) : "0.00", kind: terms?.kind ?? "fee",
    deadline: terms ? formatTime(terms.deadline) : "-", provisional: !!terms?.provisional,
    claimedAt: terms?.claimedAt ? formatTime(terms.claimedAt) : null, paidAt: terms?.paidAt ? formatTime(terms.paidAt) : null, hasVoucher: !!terms?.voucher,
    qrUrl: b?.payment_qr_sha ? `/uploads/${b.payment_qr_sha}` : null, instructions: b?.payment_instructions ?? "",
    expertNumber: member?.number ?? "",
    // 【完成】 only where it can succeed: money due needs the QR to pay with (the claim is refused without it).
    canClaim: awaiting && (free || !!b?.payment_qr_sha),
    noQr: awaiting && !free && !b?.payment_qr_sha ? NO_QR_MESSAGE : null,
  };
}

/** What an answer to 【完成】 says: done, refused, or (`current`) already past it — told by where it stands now. */
export type ClaimAnswer = { status: number; ok: boolean; message: string; current?: boolean };

/**
 * The answer to a 【完成】 sent from a page older than the enrolment (another tab claimed, the payment was
 * reconciled, the window closed): where it stands now, in the expert's words, instead of "refresh".
 */
function alreadyAnswer(inst: InstanceRecord): ClaimAnswer {
  const terms = (inst.data as EnrolmentData).payment;
  const message = inst.state === ENROLMENT_STATE.claimed ? `缴费已提交${terms?.claimedAt ? `（${formatTime(terms.claimedAt)}）` : ""}，正在等待对账确认，无需再次提交`
    : inst.state === ENROLMENT_STATE.overdue ? `缴费期限已过${terms ? `（截止 ${formatTime(terms.deadline)}）` : ""}，请联系主管部门申请延期`
    : canStudy(inst.state) || inst.state === ENROLMENT_STATE.passed || inst.state === ENROLMENT_STATE.failed ? (terms?.dueFen === 0 ? "已确认，可以开始学习" : "缴费已确认，可以开始学习")
    : "缴费状态已变化，请查看当前状态";
  return { status: 409, ok: false, message, current: true };
}

/**
 * 【完成】 on the 缴费 page: the claim (`claim-payment`, inside the window) with an optional voucher —
 * one of the user's own uploads (`file:<sha256>`, an image or PDF checked by content at upload) — or,
 * when nothing is due, `waive` (learning opens). Refused while the batch has no 收款二维码 (nowhere to
 * pay); an enrolment already past 待缴费 is answered with where it stands now. Other refusals come back
 * with the workflow's Chinese reason.
 */
export async function claimPayment(auth: Auth, inst: InstanceRecord, input: { voucher: string; rowVersion: number }, ip: string): Promise<ClaimAnswer> {
  requireAbility(auth.ability, "update", "Enrolment", { owner_id: inst.ownerId });
  if (inst.state !== ENROLMENT_STATE.awaitingPayment) return alreadyAnswer(inst);
  // Still 待缴费 but changed since the page was read (an administrator's 延期): the page reloads with it.
  if (input.rowVersion !== inst.rowVersion) return { status: 409, ok: false, current: true, message: "缴费信息已更新（如缴费截止时间），请核对后再点击【完成】" };
  const terms = (inst.data as EnrolmentData).payment;
  const free = terms?.dueFen === 0;
  if (!free && !(await paymentQrOf(inst))) return { status: 409, ok: false, message: NO_QR_MESSAGE };
  let voucher: string | undefined;
  if (input.voucher) {
    const sha = /^file:([0-9a-f]{64})$/.exec(input.voucher)?.[1];
    const own = sha ? await db("uploads").where({ sha256: sha, owner_id: auth.user.id }).whereIn("mime", VOUCHER_TYPES).first("id") : undefined;
    if (!own) return { status: 422, ok: false, message: "缴费凭证无效，请重新上传（JPG、PNG 或 PDF）" };
    voucher = sha!;
  }
  const r = await applyTransition(inst.id, free ? "waive" : "claim-payment", { id: auth.user.id, role: auth.user.role }, { expectedRowVersion: input.rowVersion, payload: voucher ? { voucher } : {} });
  if (!r.ok) {
    // Changed between the read and the write (a second tab's 【完成】 at the same moment): say what it is now.
    const fresh = r.status === 409 ? await getInstance(inst.id) : undefined;
    return fresh && fresh.state !== ENROLMENT_STATE.awaitingPayment ? alreadyAnswer(fresh) : { status: r.status, ok: false, message: r.message };
  }
  await audit({
    actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.enrolmentTransition, target: { type: "Enrolment", id: inst.id }, ip, outcome: AUDIT_OUTCOME.ok,
    detail: { event: r.event, before: r.from, after: r.to, ...(voucher ? { voucher: true } : {}) },
  });
  return { status: 200, ok: true, message: free ? "已确认，可以开始学习" : "已提交缴费，系统将在对账后更新缴费状态" };
}

/**
 * 学习 page data: the enrolment's courses with their study windows and, once learning is open, their
 * lessons with the expert's progress in the current round (features/courses); `after`: the exam to take
 * next, or its result, once the courses are studied (afterStudy).
 */
export async function studyPage(auth: Auth, inst: InstanceRecord) {
  const data = inst.data as EnrolmentData;
  const courses: { id: number; name: string; study_days: number }[] = inst.batchId ? await db("training_courses").where({ batch_id: inst.batchId }).orderBy("seq").select("id", "name", "study_days") : [];
  const lessons = canStudy(inst.state) ? await lessonProgress(inst) : undefined;
  const start = data.studyOpensAt ?? null;
  const def = await instanceDefinition(inst);
  return {
    id: inst.id, rowVersion: inst.rowVersion, state: inst.state, stateTitle: shownTitle(def, inst), open: canStudy(inst.state),
    after: afterStudy(inst),
    // Before study opens: what the 缴费 page asks (pay, wait for reconciliation, or only confirm a fee-free batch).
    payment: paymentStage(inst.state, data.payment?.dueFen),
    courses: courses.map((c) => ({ name: c.name, start: formatTime(start), end: start ? formatTime(start + Number(c.study_days) * DAY) : "-", lessons: lessons?.get(Number(c.id)) ?? [] })),
  };
}
