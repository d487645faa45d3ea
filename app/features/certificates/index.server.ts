// 专家证书 (manual 四): the `issue-certificate` effect the exam's `pass-exam` transition runs (the
// integrator adds it to workflows/training.yaml v2), the certificate's renders, its verify page and revocation.
import type { Feature } from "../types";
import { issueCertificateEffect } from "./issue.server";

export const certificates: Feature = {
  name: "certificates",
  register(api) {
    api.registerEffect("issue-certificate", issueCertificateEffect);
  },
};
