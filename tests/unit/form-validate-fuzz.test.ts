import "../setup/guard";
// Property-based: thousands of broken documents per built-in form through validateDocument (full mode).
// It never throws, never mutates its input or Object.prototype, and either refuses with Chinese messages
// keyed by JSON pointers or returns a cleaned document containing only fields the schema describes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import { inspect } from "node:util";
import { isPointer, joinPointer } from "~/engine/forms/json-pointer";
import { schemasAlong } from "~/engine/forms/schema-walk";
import { validateDocument } from "~/engine/forms/validate";
import type { FormDefinition } from "~/engine/forms/validate";
import { badDocument } from "../fixtures/bad-documents";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const RUNS = 3_000;
const MIN_REFUSED = 2_000;
const HAS_CHINESE = /[\u4e00-\u9fa5]/;

/** Every object key in the cleaned data must be one the schema describes. */
function assertOnlySchemaFields(schema: FormDefinition["schema"], data: unknown, at = ""): void {
  if (data === null || typeof data !== "object") return;
  for (const [k, v] of Object.entries(data)) {
    const pointer = joinPointer(at, k);
    assert.ok(schemasAlong(schema, pointer), `cleaned data kept undescribed field ${pointer}`);
    assertOnlySchemaFields(schema, v, pointer);
  }
}

for (const { stem, definition } of loadFormFiles()) {
  test(`${stem}: ${RUNS} generated bad documents`, () => {
    let refused = 0;
    fc.assert(
      fc.property(badDocument(VALID_SAMPLES[stem]), (input) => {
        // util.inspect copes with what the mutations create (e.g. an array with an own "constructor").
        const snapshot = () => inspect(input, { depth: null, maxArrayLength: null, maxStringLength: null });
        const before = snapshot();
        const result = validateDocument(definition, input, { mode: "full", context: { batchDate: "2025-03-01" } });
        assert.is(snapshot(), before, "the input must not be mutated");
        assert.is(({} as Record<string, unknown>).polluted, undefined);
        assert.is(Object.getPrototypeOf({}), Object.prototype);
        if (result.ok) {
          assert.ok(result.data !== null && typeof result.data === "object" && !Array.isArray(result.data), "ok data is an object");
          assertOnlySchemaFields(definition.schema, result.data);
          const again = validateDocument(definition, result.data, { context: { batchDate: "2025-03-01" } });
          assert.ok(again.ok, "a cleaned document validates again");
          assert.equal(again.data, result.data);
        } else {
          refused++;
          const entries = Object.entries(result.errors);
          assert.ok(entries.length > 0, "a refusal says why");
          for (const [pointer, messages] of entries) {
            assert.ok(isPointer(pointer), `error key ${pointer} is a JSON pointer`);
            assert.ok(messages.length > 0);
            for (const m of messages) assert.ok(HAS_CHINESE.test(m), `not Chinese: ${pointer}: ${m}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(refused >= MIN_REFUSED, `only ${refused} of ${RUNS} documents were bad`);
  });
}

test.run();
