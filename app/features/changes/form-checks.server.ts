// Checks of the change forms on 下一步 (after schema and rules), so an expert hears at the field what
// 核对并提交 would only say after the fact.
import type { FormCheck, FormCheckContext, RefusedChoices } from "~/engine/forms/checks.server";
import type { FieldErrors } from "~/engine/forms/messages";
import { poolMemberOfUser } from "~/models/pool.server";
import { db } from "~/utils/db.server";
import { specialtyNameMap } from "./binding.server";
import { askedChange, NO_CHANGE } from "./diff";
import type { ChangeGroup } from "./groups";

/**
 * 评标地州异动申请 (forms/change-region.json): the new 评标地州 must differ from the record's current one
 * (a transfer to where one already is was refused only at 提交审核, as "nothing to change"). Errors at
 * `/region`; none without a record (the start guard pool-record-ready refuses that case).
 */
export const regionDiffers: FormCheck = Object.assign(
  async ({ ownerId, data }: FormCheckContext) => {
    const errors: FieldErrors = {};
    const asked = typeof data.region === "string" ? data.region.trim() : "";
    const current = asked ? (await poolMemberOfUser(ownerId))?.region : null;
    if (current && asked === current) errors["/region"] = [`您当前的评标地州已是「${current}」，请选择要转入的其他地州`];
    return errors;
  },
  {
    // The picker greys out the current region (as 当前所在地州) rather than offering it to be refused.
    async refusedChoices({ ownerId }: { ownerId: number }): Promise<RefusedChoices> {
      const current = (await poolMemberOfUser(ownerId))?.region;
      return current ? { region: { values: [current], hint: "当前所在地州" } } : {};
    },
  },
);

/** Where asksChange says it: the field the expert changes first. */
const FIRST_FIELD: Record<Exclude<ChangeGroup, "region">, string> = { "work-unit": "/workUnit", specialties: "/specialties", avoidance: "/hasUnits" };

/**
 * The 【修改】 forms: 下一步 on a document that asks for nothing the record does not already say (e.g. the
 * record's own 工作单位, opened and not edited) is refused at its first field, so the step is not marked
 * 已完成 for a request with nothing in it (提交审核 refused it only afterwards). The region's is regionDiffers.
 */
export function asksChange(group: Exclude<ChangeGroup, "region">): FormCheck {
  return async ({ ownerId, data }) => {
    const member = await poolMemberOfUser(ownerId);
    if (!member) return {};
    const ask = askedChange(group, member, data, await specialtyNameMap(db));
    return !ask.ok && ask.message === NO_CHANGE ? { [FIRST_FIELD[group]]: [NO_CHANGE] } : {};
  };
}
