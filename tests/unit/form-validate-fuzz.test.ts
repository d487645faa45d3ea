import "../setup/guard";
// Property-based: thousands of broken documents per built-in form through validateDocument (full mode).
// It never throws, never mutates its input or Object.prototype, and either refuses with Chinese messages
// keyed by JSON pointers or returns a cleaned document containing only fields the schema describes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import { inspect } from "node:util";
import { isPointer, joinPointer, parsePointer } from "~/engine/forms/json-pointer";
import { schemasAlong } from "~/engine/forms/schema-walk";
import { validateDocument } from "~/engine/forms/validate";
import type { FormDefinition } from "~/engine/forms/validate";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const RUNS = 3_000;
const MIN_REFUSED = 2_000;
const HAS_CHINESE = /[\u4e00-\u9fa5]/;

type Mutation = { op: "replace" | "delete" | "addKey"; at: number; key: string; value: unknown };

/**
 * Every location in a document, containers included, as JSON pointers; it does not descend into
 * generated values (`foreign`), so mutate() never changes a value fast-check may reuse while shrinking.
 */
function pointersOf(value: unknown, foreign: WeakSet<object>, at = ""): string[] {
  const out = [at];
  if (value !== null && typeof value === "object" && !foreign.has(value)) {
    for (const [k, v] of Object.entries(value)) out.push(...pointersOf(v, foreign, joinPointer(at, k)));
  }
  return out;
}

function define(target: object, key: string, value: unknown): void {
  try {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } catch {
    // e.g. an array's "length": not a document fuzz case, just skip it
  }
}

function nested(depth: number): unknown {
  let v: unknown = "底";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const nastyStrings = fc.constantFrom(
  "", " ", "2023-02-29", "1990-13-01", "650102199003071234", "65010219900307123", "91350100M000100Y44",
  "file:abc", "file:" + "G".repeat(64), "1380013800", "23800138000", "not-an-email", "__proto__", "constructor",
  "\u0000", "\ud800", "<script>alert(1)</script>", "../../etc/passwd", "有", "无", "男", "是", "新增", "副高级",
);

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withBigInt: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
    withObjectString: true,
    stringUnit: "binary",
  }),
  nastyStrings,
  fc.string({ minLength: 0, maxLength: 600, unit: "grapheme" }),
  fc.nat({ max: 2000 }).map((n) => "字".repeat(n + 500)),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.object({ maxDepth: 1 }), nastyStrings, fc.integer()), { maxLength: 40 }),
  fc.nat({ max: 400 }).map(nested),
);

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("replace", "replace", "delete", "addKey"),
  at: fc.nat(),
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", "0", "-1")),
  value: badValue,
});

/** Applies mutations to a copy of `sample`; keys are defined as own properties, so "__proto__" really is one. */
function mutate(sample: unknown, mutations: Mutation[]): unknown {
  let doc: unknown = structuredClone(sample);
  const foreign = new WeakSet<object>();
  const mark = (v: unknown) => {
    if (v !== null && typeof v === "object") foreign.add(v);
    return v;
  };
  for (const m of mutations) {
    const pointers = pointersOf(doc, foreign);
    const pointer = pointers[m.at % pointers.length];
    const segments = parsePointer(pointer);
    const last = segments.pop();
    let parent = doc as Record<string, unknown>;
    for (const s of segments) parent = parent[s] as Record<string, unknown>;
    const target = last === undefined ? doc : parent[last];
    if (m.op === "addKey") {
      if (target !== null && typeof target === "object" && !foreign.has(target)) define(target, m.key, mark(m.value));
    } else if (last === undefined) {
      doc = m.op === "replace" ? mark(m.value) : undefined;
    } else if (m.op === "delete") {
      delete parent[last];
    } else {
      define(parent, last, mark(m.value));
    }
  }
  return doc;
}

const badDocument = (sample: unknown): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => mutate(sample, ms)) },
    { weight: 1, arbitrary: badValue },
  );

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
