// What a training enrolment (an instance of the `training` workflow) keeps in its data, and how its
// state reads on 我的培训. Browser-safe: pages and the server share these shapes.

/** The open payment of an enrolment: what is due, by when, and the expert's claim. Amounts in 分. */
export type PaymentTerms = {
  /** 分 due: the batch's fee, or its retake fee after 补学. */
  dueFen: number;
  kind: "fee" | "retake";
  /** Epoch ms: end of the last working day to pay (Beijing time). */
  deadline: number;
  /** YYYY-MM-DD of that day. */
  deadlineDate: string;
  /** The deadline lies in a year whose holiday calendar is not published yet (暂定). */
  provisional: boolean;
  /** When the expert clicked 【完成】, epoch ms. */
  claimedAt?: number;
  /** When the money moved (the bill's time or the confirmed one), epoch ms, once settled. */
  paidAt?: number;
  /** sha256 of the voucher the expert uploaded with the claim (an image or PDF), if any. */
  voucher?: string;
};

export type EnrolmentData = {
  payment?: PaymentTerms;
  /** Epoch ms when learning opened (payment confirmed): courses' 学习开始时间. */
  studyOpensAt?: number;
  /** Set by 补学. */
  retake?: boolean;
  /** The study round: 0 (or absent) at first, +1 with every 补学 (open-retake-payment). */
  round?: number;
};

export const TRAINING_WORKFLOW = "training";

/** The states of workflows/training.yaml the feature's code relies on. */
export const ENROLMENT_STATE = {
  awaitingPayment: "awaiting-payment",
  claimed: "payment-claimed",
  overdue: "overdue",
  paid: "paid",
  studying: "studying",
  studied: "studied",
  passed: "passed",
  failed: "failed",
} as const;

/** The states 培训报名 filters by, with their titles in workflows/training.yaml. */
export const ENROLMENT_FILTERS = [
  { value: ENROLMENT_STATE.awaitingPayment, label: "待缴费" },
  { value: ENROLMENT_STATE.claimed, label: "已提交缴费" },
  { value: ENROLMENT_STATE.overdue, label: "已逾期" },
  { value: ENROLMENT_STATE.paid, label: "已缴费" },
  { value: ENROLMENT_STATE.studying, label: "学习中" },
  { value: ENROLMENT_STATE.studied, label: "培训完毕" },
  { value: ENROLMENT_STATE.passed, label: "合格" },
  { value: ENROLMENT_STATE.failed, label: "不合格" },
];

/** What a payment voucher may be (checked by content when it was uploaded). */
export const VOUCHER_TYPES = ["image/jpeg", "image/png", "application/pdf"];

/** Whether 学习 is open in this state (paid, or further along). */
export const canStudy = (state: string) => state === ENROLMENT_STATE.paid || state === ENROLMENT_STATE.studying || state === ENROLMENT_STATE.studied;
/** Whether 缴费 still has something to do in this state. */
export const awaitsPayment = (state: string) =>
  state === ENROLMENT_STATE.awaitingPayment || state === ENROLMENT_STATE.claimed || state === ENROLMENT_STATE.overdue;

/** Where an enrolment awaiting payment stands: money due, a claim awaiting reconciliation, or nothing due. */
export type PaymentStage = "due" | "claimed" | "free";

/** The stage of `state` for an enrolment whose terms ask `dueFen` 分 (0: a fee-free batch). */
export const paymentStage = (state: string, dueFen: number | undefined): PaymentStage =>
  state === ENROLMENT_STATE.claimed ? "claimed" : dueFen === 0 ? "free" : "due";

/**
 * The payment states' titles for a fee-free enrolment (nothing due): nothing is paid, it is confirmed —
 * 待确认 before its 【完成】, 已确认 after, never 待缴费/已缴费. The workflow's states are the same.
 */
export const FREE_TITLE: Partial<Record<string, string>> = {
  [ENROLMENT_STATE.awaitingPayment]: "待确认（无需缴费）",
  [ENROLMENT_STATE.paid]: "已确认（无需缴费）",
};

/**
 * The state's title as people read it (every page and list that names an enrolment's state): a
 * fee-free enrolment's payment states read as FREE_TITLE says; otherwise the workflow's `title`.
 */
export const enrolmentStateTitle = (state: string, title: string, dueFen: number | undefined): string =>
  (dueFen === 0 ? FREE_TITLE[state] : undefined) ?? title;

/** The words of the link to the 缴费 page, by stage (首页's card, 学习 before it opens). */
export const PAYMENT_LINK: Record<PaymentStage, string> = { due: "去缴费", claimed: "查看缴费信息", free: "无需缴费，去确认" };

/** The one thing an enrolment asks of the expert now: pay (or confirm), study, take the exam, or read the result. */
export type EnrolmentStep = "pay" | "study" | "exam" | "result";

/** The step of an enrolment in `state`, or null when there is none (none of the states today). */
export function enrolmentStep(state: string): EnrolmentStep | null {
  if (awaitsPayment(state)) return "pay";
  if (state === ENROLMENT_STATE.studied) return "exam";
  if (canStudy(state)) return "study";
  if (state === ENROLMENT_STATE.passed || state === ENROLMENT_STATE.failed) return "result";
  return null;
}

/** Where a step is done, under /training/<id>. */
export const STEP_PATH: Record<EnrolmentStep, string> = { pay: "/pay", study: "", exam: "/exam", result: "/exam" };

export { formatYuan as yuan } from "~/utils/money";
