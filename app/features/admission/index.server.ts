// 入库申请 (manual 二): the batch window and one-application guards, the documents its wizard prints
// (承诺书, 申请表), and the server side of the wizard's generic step types (form, sign-upload), which
// every workflow's wizard uses.
import type { Feature } from "../types";
import { ADMISSION_DOCUMENTS } from "./documents.server";
import { batchOpen, noOpenApplication } from "./guards";
import { formStepRuntime, signUploadStepRuntime } from "./step-runtimes.server";

export const admission: Feature = {
  name: "admission",
  register(api) {
    api.registerGuard("batch-open", batchOpen);
    api.registerGuard("no-open-application", noOpenApplication);
    for (const [name, template] of Object.entries(ADMISSION_DOCUMENTS)) api.registerDocument(name, template);
    api.registerStepRuntime("form", formStepRuntime);
    api.registerStepRuntime("sign-upload", signUploadStepRuntime);
  },
};
