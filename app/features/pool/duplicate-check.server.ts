// One person, one pool record (issue 14 §5): 下一步 on 基本信息 refuses a 身份证号 already in the pool
// under another account, on the field, with what to do. The approval refuses it too (assign-number),
// for an application that was complete before the other account's approval.
import type { FormCheck } from "~/engine/forms/checks.server";
import type { FieldErrors } from "~/engine/forms/messages";
import { duplicatePerson } from "~/models/pool.server";

export const noDuplicatePerson: FormCheck = async ({ ownerId, data }) => {
  const dup = typeof data.idCard === "string" && data.idCard ? await duplicatePerson(ownerId, data.idCard) : null;
  const errors: FieldErrors = {};
  if (dup) errors["/idCard"] = [dup.message];
  return errors;
};
