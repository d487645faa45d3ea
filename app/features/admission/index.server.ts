// 入库申请 (manual 二): the batch window and one-application guards, and the documents its wizard
// prints (承诺书, 申请表).
import type { Feature } from "../types";
import { ADMISSION_DOCUMENTS } from "./documents.server";
import { batchOpen, noOpenApplication } from "./guards";

export const admission: Feature = {
  name: "admission",
  register(api) {
    api.registerGuard("batch-open", batchOpen);
    api.registerGuard("no-open-application", noOpenApplication);
    for (const [name, template] of Object.entries(ADMISSION_DOCUMENTS)) api.registerDocument(name, template);
  },
};
