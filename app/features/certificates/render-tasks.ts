// The certificate's renders as their callers see them: handles of the document worker tasks that
// render.server.ts implements. Request handlers import only this module, so they never load resvg,
// pdf-lib and the fonts.
import { workerTask } from "~/engine/documents/worker-task";
import type { CertificateView } from "./certificate";

/** The certificate as PNG bytes (renderCertificatePng), in the document worker pool. */
export const CERTIFICATE_PNG_TASK = workerTask<CertificateView, Uint8Array>("certificate-png");
/** The certificate as PDF bytes (renderCertificatePdf), in the document worker pool. */
export const CERTIFICATE_PDF_TASK = workerTask<{ view: CertificateView; generatedAt: number }, Uint8Array>("certificate-pdf");
