// The guard of 培训完毕 (workflows/training.yaml v2, finish-study): every lesson of every course of the
// batch done in the current round. The courses feature computes the fact inside the transition
// (progress.server.ts); browser-safe.
import { fact, type Guard } from "~/engine/workflows/guards";

export const lessonsComplete: Guard = {
  title: "全部课件已学完",
  evaluate(ctx) {
    return fact(ctx, "lessonsComplete", "lessons-complete") === true ? true : "请先学完本批次全部课程的课件";
  },
};
