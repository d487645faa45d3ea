// 专家库 (the expert pool): the effect that gives an approved applicant their 专家编号.
import type { Feature } from "../types";
import { assignNumber } from "./expert-number.server";

export const pool: Feature = {
  name: "pool",
  register(api) {
    api.registerEffect("assign-number", assignNumber);
  },
};
