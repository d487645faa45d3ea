// Checks of the change forms on 下一步 (after schema and rules), so an expert hears at the field what
// 核对并提交 would only say after the fact.
import type { FormCheck } from "~/engine/forms/checks.server";
import type { FieldErrors } from "~/engine/forms/messages";
import { poolMemberOfUser } from "~/models/pool.server";

/**
 * 评标地州异动申请 (forms/change-region.json): the new 评标地州 must differ from the record's current one
 * (a transfer to where one already is was refused only at 提交审核, as "nothing to change"). Errors at
 * `/region`; none without a record (the start guard pool-record-ready refuses that case).
 */
export const regionDiffers: FormCheck = async ({ ownerId, data }) => {
  const errors: FieldErrors = {};
  const asked = typeof data.region === "string" ? data.region.trim() : "";
  const current = asked ? (await poolMemberOfUser(ownerId))?.region : null;
  if (current && asked === current) errors["/region"] = [`您当前的评标地州已是「${current}」，请选择要转入的其他地州`];
  return errors;
};
