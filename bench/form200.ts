// Issue 4, acceptance 6: a generated 200-field form. (1) Server validation time per document, against
// plain Ajv on the same schema in the same run. (2) In Chromium, keystroke → next paint in the rendered
// form, against a bare <input> on the same page.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { addCustomFormats } from "~/engine/forms/formats";
import { syncFormDefinitions } from "~/engine/forms/registry.server";
import { validateDocument } from "~/engine/forms/validate";
import type { FormDefinition } from "~/engine/forms/validate";
import { record, stats, timeEach } from "./lib";
import type { BenchServer } from "./server";

const KINDS = ["text", "date", "enum", "integer", "mobile", "boolean", "text", "text"] as const;

export function form200(): FormDefinition {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const order: string[] = [];
  const uiSchema: Record<string, unknown> = {};
  for (let i = 1; i <= 200; i++) {
    const key = `f${String(i).padStart(3, "0")}`;
    const kind = KINDS[i % KINDS.length];
    const title = `字段${i}`;
    properties[key] =
      kind === "text" ? { type: "string", title, minLength: 1, maxLength: 50 }
      : kind === "date" ? { type: "string", title, format: "date", maxLength: 10 }
      : kind === "enum" ? { type: "string", title, enum: ["甲", "乙", "丙", "丁"] }
      : kind === "integer" ? { type: "integer", title, minimum: 0, maximum: 100 }
      : kind === "mobile" ? { type: "string", title, format: "cn-mobile", maxLength: 11 }
      : { type: "boolean", title };
    if (i % 3 === 0) required.push(key);
    order.push(key);
    if (kind === "date") uiSchema[key] = { "ui:widget": "date" };
  }
  return {
    key: "bench-form200",
    version: 1,
    title: "200字段基准表单",
    schema: { type: "object", title: "200字段基准表单", properties, required, additionalProperties: false },
    uiSchema: { "ui:order": order, ...uiSchema },
  };
}

function documentFor(def: FormDefinition, n: number): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(def.schema.properties as Record<string, { type: string; format?: string; enum?: string[] }>)) {
    doc[key] =
      s.enum ? s.enum[n % 4]
      : s.format === "date" ? `19${50 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`
      : s.format === "cn-mobile" ? `138${String(10_000_000 + n).slice(-8)}`
      : s.type === "integer" ? n % 100
      : s.type === "boolean" ? n % 2 === 0
      : `内容${n}-${key}`;
  }
  return doc;
}

export function benchValidation(): Record<string, number> {
  const def = form200();
  const docs = Array.from({ length: 1000 }, (_, n) => documentFor(def, n));
  const plain = addCustomFormats(addFormats(new Ajv({ allErrors: true, strict: false })));
  const bare = plain.compile(def.schema);
  for (const d of docs) if (!validateDocument(def, d).ok || !bare(structuredClone(d))) throw new Error("generated documents must be valid");
  // Plain Ajv gets a fresh copy too (removeAdditional would mutate), so both pay for one clone.
  const base = stats(timeEach((i) => bare(structuredClone(docs[i % docs.length])), 300, 10));
  const ours = stats(timeEach((i) => validateDocument(def, docs[i % docs.length], { mode: "full", cacheKey: "bench" }), 300, 10));
  return {
    "form200.validate_ms": ours.median,
    "form200.validate_baseline_ms": base.median,
    "form200.validate_ratio_vs_ajv": ours.median / base.median,
  };
}

const MEASURE = `(() => {
  window.__lat = [];
  document.addEventListener("keydown", () => {
    const t0 = performance.now();
    // After the frame that follows the key: rAF runs before paint, the message after it.
    requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => window.__lat.push(performance.now() - t0); ch.port2.postMessage(0); });
  }, true);
})()`;

export async function benchKeystroke(server: BenchServer): Promise<Record<string, number>> {
  await syncFormDefinitions([form200()], "bench");
  const page = await server.signedInPage("expert", "Demo@Expert2025");
  await page.goto(`${server.url}/forms/bench-form200`);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "1" || document.querySelector("input, textarea"));
  await page.waitForLoadState("networkidle");
  await page.evaluate(MEASURE);
  const typeInto = async (selector: string) => {
    await page.evaluate("window.__lat = []");
    await page.locator(selector).first().click();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(i % 10 === 9 ? "Backspace" : "a");
      await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length >= n, i + 1);
    }
    return stats(((await page.evaluate("window.__lat")) as number[]).slice(10)); // first keys warm up
  };
  const form = await typeInto("form input[type=text], form textarea");
  await page.evaluate(`(() => { const i = document.createElement("input"); i.id = "bench-bare"; i.setAttribute("aria-label", "基准"); document.body.prepend(i); })()`);
  const bare = await typeInto("#bench-bare");
  await page.context().close();
  return {
    "form200.keystroke_paint_ms": form.median,
    "form200.keystroke_paint_p95_ms": form.p95,
    "form200.keystroke_baseline_ms": bare.median,
    "form200.keystroke_ratio_vs_bare": form.median / bare.median,
  };
}

export async function run(server: BenchServer) {
  console.log("form200: server validation of a 200-field document");
  record(benchValidation());
  console.log("form200: keystroke to next paint in Chromium");
  record(await benchKeystroke(server));
}
