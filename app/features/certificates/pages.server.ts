// 【专家证书】 for the expert (manual 四): 待生成 with what is still missing (缴费 / 学习 / 考试) until the
// certificate exists, then its fields, state and the downloads — 【下载图片】 (PNG) and 【下载pdf】, both
// rendered from the one layout in the document worker pool (a time and memory limit: WorkerLimitError).
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { documentWorkers, WorkerLimitError } from "~/engine/documents/render-pool.server";
import { poolMemberOfUser } from "~/models/pool.server";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { FREE_TITLE, type EnrolmentData } from "~/features/training/enrolment";
import { CERTIFICATE_STATUS_LABEL, certificateFileName, ENROLMENT_PROGRESS } from "./certificate";
import { CERTIFICATE_PDF_TASK, CERTIFICATE_PNG_TASK } from "./render-tasks";
import { beijingDay, certificateOfUser, statusOf, viewOf } from "./store.server";

/** One step towards the certificate as 待生成 lists it. */
export type Requirement = { label: "缴费" | "学习" | "考试"; done: boolean; note: string };

const P = ENROLMENT_PROGRESS;

/**
 * What the enrolment in `state` still lacks (null: no enrolment yet), the manual's three steps. `dueFen`:
 * what its payment asked (0: a fee-free batch, whose 缴费 step reads 已确认（无需缴费）, not 已缴费).
 */
export function requirementsOf(state: string | null, dueFen?: number): Requirement[] {
  const paid = state !== null && ![P.awaitingPayment, P.claimed, P.overdue].includes(state as never);
  const studied = state === P.studied || state === P.passed || state === P.failed;
  const passed = state === P.passed;
  return [
    { label: "缴费", done: paid, note: state === null ? "资格审核通过后报名岗前培训并缴费" : paid ? (dueFen === 0 ? FREE_TITLE[P.paid]! : "已缴费") : state === P.claimed ? "已提交缴费，待确认" : "尚未缴费" },
    { label: "学习", done: studied, note: studied ? "课程已学完" : "尚未完成全部课程学习" },
    { label: "考试", done: passed, note: passed ? "考试合格" : state === P.failed ? "考试不合格，请补学后重新参加考试" : "尚未通过考试" },
  ];
}

/** The page's data: the certificate (with its state) or what is missing; the 专家编号 either way. */
export async function myCertificatePage(auth: Auth, origin: string) {
  requireAbility(auth.ability, "read", "Certificate");
  const [member, cert] = await Promise.all([poolMemberOfUser(auth.user.id), certificateOfUser(auth.user.id)]);
  if (!cert) {
    const enrolment = await db("workflow_instances").where({ workflow_key: "training", owner_id: auth.user.id }).orderBy("id", "desc").first("state", "data");
    const terms = enrolment ? (JSON.parse(enrolment.data ?? "{}") as EnrolmentData).payment : undefined;
    const requirements = requirementsOf(enrolment?.state ?? null, terms?.dueFen);
    return {
      issued: false as const, expertNumber: member?.number ?? null, requirements,
      // Everything done but no certificate: the exam's effect issues it in the same transaction, so this is rare.
      pendingNote: requirements.every((r) => r.done) ? "培训和考试均已合格，证书正在生成，请稍后刷新。" : null,
    };
  }
  const status = statusOf(cert, now());
  return {
    issued: true as const, expertNumber: cert.expertNumber, view: viewOf(cert, origin), status, statusLabel: CERTIFICATE_STATUS_LABEL[status],
    revokedOn: cert.revokedAt ? beijingDay(cert.revokedAt) : null, revokeReason: cert.revokeReason,
  };
}

/**
 * The user's certificate as a file: `png` or `pdf`. 404 when they have none; 503 (a Chinese reason)
 * when the render was stopped at its limit.
 */
/** @throws 404 before the certificate exists, 410 once it is revoked, 503 when the worker pool is at its limit. */
export async function myCertificateFile(auth: Auth, kind: "png" | "pdf", origin: string): Promise<{ bytes: Uint8Array; filename: string; type: string }> {
  requireAbility(auth.ability, "read", "Certificate");
  const cert = await certificateOfUser(auth.user.id);
  if (!cert) throw httpError(404, "证书尚未生成");
  // A revoked certificate is not handed out again as a clean picture or PDF (the verify page says 已撤销).
  if (statusOf(cert, now()) === "revoked") throw httpError(410, "该证书已撤销，不能下载");
  const view = viewOf(cert, origin);
  try {
    const bytes = kind === "png" ? await documentWorkers().run(CERTIFICATE_PNG_TASK, view) : await documentWorkers().run(CERTIFICATE_PDF_TASK, { view, generatedAt: now() });
    return { bytes, filename: certificateFileName(cert.number, kind), type: kind === "png" ? "image/png" : "application/pdf" };
  } catch (e) {
    if (e instanceof WorkerLimitError) throw httpError(503, `证书生成失败：${e.message}，请稍后重试`);
    throw e;
  }
}
