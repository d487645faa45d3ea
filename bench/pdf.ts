// Issue 5, acceptance 5: rendering the application form (all step-1 forms, sample data, a photo), warm.
import { renderApplicationForm } from "~/engine/documents/application-form.server";
import { readBuiltInForms } from "~/engine/forms/registry.server";
import { VALID_SAMPLES } from "../tests/fixtures/form-samples";
import { tinyPng } from "../tests/fixtures/tiny-png";
import { record, stats } from "./lib";

const STEP1 = ["expert-basic-info", "expert-education", "expert-titles", "expert-qualifications", "expert-work-history", "expert-avoidance"];

export async function run() {
  console.log("pdf: the application form, warm");
  const forms = new Map(readBuiltInForms().map((f) => [f.key, f]));
  const sections = STEP1.map((k) => ({ definition: forms.get(k)!, data: VALID_SAMPLES[k] }));
  const photo = { bytes: tinyPng(), mime: "image/png" as const };
  const render = () => renderApplicationForm({ title: "评标专家入库申请表", applicationNumber: "SQ2025000001", sections, generatedAt: new Date(), loadImage: async () => photo });
  let bytes = await render();
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    bytes = await render();
    times.push(performance.now() - t0);
  }
  record({ "pdf.application_form_ms": stats(times).median, "pdf.application_form_kb": bytes.length / 1024 });
}
