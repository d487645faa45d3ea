import "../setup/guard";
// The browser's schema walker (interpret.ts, used because the CSP forbids Ajv's compiled code) must say
// exactly what Ajv says on the server: same field pointers, same Chinese messages, and neither touches
// the data (stripping is stripUndeclared's, before both), over thousands of generated bad documents per
// built-in form, in both modes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import { interpretSchema } from "~/engine/forms/interpret";
import { toFieldErrors } from "~/engine/forms/messages";
import { stripUndeclared } from "~/engine/forms/strip";
import { createValidator, relaxSchema, sanitizeDocument } from "~/engine/forms/validate";
import { badDocument } from "../fixtures/bad-documents";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const RUNS = 1_500;
const sorted = (e: Record<string, string[]>) => Object.fromEntries(Object.entries(e).sort().map(([k, v]) => [k, [...v].sort()]));

for (const { stem, definition } of loadFormFiles()) {
  for (const mode of ["full", "draft"] as const) {
    test(`${stem} (${mode}): the browser's walker agrees with Ajv`, () => {
      const ajv = createValidator(definition, mode);
      const schema = mode === "draft" ? relaxSchema(definition.schema) : definition.schema;
      fc.assert(
        fc.property(badDocument(VALID_SAMPLES[stem]), (input) => {
          const guarded = sanitizeDocument(input, definition.schema);
          if (Object.keys(guarded.errors).length) return;
          stripUndeclared(definition.schema, guarded.value);
          const a = structuredClone(guarded.value);
          const b = structuredClone(guarded.value);
          const okA = ajv(a);
          const errsB = interpretSchema(schema, b);
          const fromAjv = okA ? {} : toFieldErrors(ajv.errors, definition.schema);
          const fromWalk = toFieldErrors(errsB, definition.schema);
          assert.equal(sorted(fromWalk), sorted(fromAjv), `messages differ for ${JSON.stringify(guarded.value).slice(0, 400)}`);
          assert.equal(a, guarded.value, "Ajv changed the data");
          assert.equal(b, guarded.value, "the walker changed the data");
        }),
        { numRuns: RUNS, seed: 20250301 },
      );
    });
  }
}

test("valid samples pass the walker unchanged", () => {
  for (const { stem, definition } of loadFormFiles()) {
    const doc = structuredClone(VALID_SAMPLES[stem]);
    assert.equal(interpretSchema(definition.schema, doc), [], stem);
    assert.equal(doc, VALID_SAMPLES[stem], stem);
  }
});

test.run();
