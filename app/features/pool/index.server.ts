// 专家库 (the expert pool): the effect that gives an approved applicant their 专家编号 and record, and
// the record type later processes (transfers, changes) act on, and the 专业 picker's designer palette entry.
import { POOL_SOURCE } from "~/models/pool.server";
import type { Feature } from "../types";
import { noDuplicatePerson } from "./duplicate-check.server";
import { assignNumber } from "./expert-number.server";
import { expertRecord } from "./record.server";
import { SPECIALTY_WIDGET } from "./specialty-widget";

export const pool: Feature = {
  name: "pool",
  register(api) {
    api.registerEffect("assign-number", assignNumber);
    api.registerRecordType("expert", expertRecord);
    api.registerFormCheck(POOL_SOURCE.basicInfo, "no-duplicate-person", noDuplicatePerson);
    api.registerWidget("specialty", SPECIALTY_WIDGET);
  },
};
