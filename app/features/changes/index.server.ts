// 个人信息变更 (manual 五; issue 18): region transfers and change requests on the expert's pool record,
// bound to a field-level difference from the record (binding.server.ts), approved only while the record
// is still the one they were filed against. Definitions: workflows/region-transfer.yaml, record-*.yaml.
import type { Feature } from "../types";
import { applyChange, bindChange, routeToReceivingRegion } from "./binding.server";
import { changeCurrent, changeStale, noOpenChange, poolRecordReady } from "./guards";
import { changeReviewRuntime, changeReviewStep } from "./step.server";
import { asksChange, regionDiffers } from "./form-checks.server";
import { CHANGE_GROUPS } from "./groups";

export const changes: Feature = {
  name: "changes",
  register(api) {
    api.registerStepType("change-review", changeReviewStep, changeReviewRuntime);
    api.registerGuard("pool-record-ready", poolRecordReady);
    api.registerGuard("no-open-change", noOpenChange);
    api.registerGuard("change-current", changeCurrent);
    api.registerGuard("change-stale", changeStale);
    api.registerEffect("bind-change", bindChange);
    api.registerEffect("apply-change", applyChange);
    api.registerEffect("route-to-receiving-region", routeToReceivingRegion);
    api.registerFormCheck(CHANGE_GROUPS.region.form, "region-differs", regionDiffers);
    for (const group of ["work-unit", "specialties", "avoidance"] as const) api.registerFormCheck(CHANGE_GROUPS[group].form, "asks-change", asksChange(group));
  },
};
