// 课程内容 and 学习进度 (issue 16, first half): lessons per training course, their media served by range,
// and progress that cannot be faked (heartbeats against the server clock). Registers the guard of
// 培训完毕; the heartbeat endpoint is listed in app/entry.server.tsx `plainEndpoints`.
import type { Feature } from "../types";
import { lessonsComplete } from "./guards";
import { copyLessons } from "./lessons.server";

export const courses: Feature = {
  name: "courses",
  register(api) {
    api.registerGuard("lessons-complete", lessonsComplete);
    api.registerBatchCopier("courses", copyLessons);
  },
};
