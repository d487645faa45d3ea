// Guards of the change-request workflows (workflows/region-transfer.yaml and the record-*.yaml). They read
// the pool record the request acts on as the server supplies it (`facts.record`: the record type's view,
// models/applications.server.ts recordFact) and the binding the request was submitted with
// (`instance.data.change`, binding.server.ts). Browser-safe.
import { fact } from "~/engine/workflows/guards";
import type { Guard } from "~/engine/workflows/guards";
import type { GuardContext } from "~/engine/workflows/types";
import { isStale, STALE_TEXT, type ChangeBinding } from "./groups";

type RecordFact = { rowVersion?: number; qualification?: { passed: boolean; missing: string[] } } | null;

const recordOf = (ctx: GuardContext, guard: string) => fact(ctx, "record", guard) as RecordFact;
const bindingOf = (ctx: GuardContext) => (ctx.instance?.data as { change?: ChangeBinding } | undefined)?.change;

/** 个人信息变更 only after training and exam are passed (manual 五): says what is still missing. */
export const poolRecordReady: Guard = {
  title: "已完成岗前培训和考试",
  evaluate(ctx) {
    const record = recordOf(ctx, "pool-record-ready");
    if (!record) return "未找到您的专家库记录";
    const q = record.qualification;
    if (q?.passed) return true;
    return `完成岗前培训和考试后才能办理个人信息变更（尚未完成：${q?.missing.join("、") || "培训和考试"}）`;
  },
};

/** One open request per field group (the caller counts this workflow's unfinished instances on the record). */
export const noOpenChange: Guard = {
  title: "没有未办结的同类变更申请",
  evaluate(ctx) {
    const n = (fact(ctx, "openInstances", "no-open-change") as number | null) ?? 0;
    return n > 0 ? `您已有一份未办结的「${ctx.def.title}」，请办结后再申请` : true;
  },
};

/** Approving (or forwarding) needs the request bound to the record as it is now. */
export const changeCurrent: Guard = {
  title: "变更申请未过期",
  evaluate(ctx) {
    const record = recordOf(ctx, "change-current");
    const binding = bindingOf(ctx);
    if (!record) return "未找到对应的专家库记录";
    if (!binding) return "该申请没有变更内容，请退回专家重新提交";
    return isStale(binding, record.rowVersion) ? STALE_TEXT : true;
  },
};

/** 重新核对并提交 (re-base) is for a request the record has moved away from. */
export const changeStale: Guard = {
  title: "变更申请已过期",
  // Offered only to a stale request: on a current one the button would only say there is nothing to do.
  offerOnlyWhenMet: true,
  evaluate(ctx) {
    const record = recordOf(ctx, "change-stale");
    return record && isStale(bindingOf(ctx), record.rowVersion) ? true : "该申请未过期，无需重新提交";
  },
};
