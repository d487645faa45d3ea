// Guards of the training enrolment: the payment window (the enrolment's own deadline, set when it was
// opened), and whether anything is due. They read the enrolment's data, so they need no facts.
// Browser-safe.
import type { Guard } from "~/engine/workflows/guards";
import { formatTime } from "~/utils/format";
import type { EnrolmentData } from "./enrolment";

const termsOf = (data: Record<string, unknown> | undefined) => (data as EnrolmentData | undefined)?.payment;

export const paymentWindowOpen: Guard = {
  title: "在缴费期限内",
  evaluate(ctx) {
    const terms = termsOf(ctx.instance?.data);
    if (!terms) return "尚未开放缴费";
    if (ctx.now > terms.deadline) return `缴费期限已过（截止 ${formatTime(terms.deadline)}），请联系主管部门申请延期`;
    return true;
  },
};

export const paymentWindowPassed: Guard = {
  title: "缴费期限已过",
  evaluate(ctx) {
    const terms = termsOf(ctx.instance?.data);
    return terms && ctx.now > terms.deadline ? true : "缴费期限未过";
  },
};

export const nothingDue: Guard = {
  title: "无需缴费",
  evaluate(ctx) {
    const terms = termsOf(ctx.instance?.data);
    return terms && terms.dueFen === 0 ? true : "本次培训需要缴费";
  },
};
