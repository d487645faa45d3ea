// The generated TypeScript mirrors of forms/*.json must match the definitions (run `npm run forms:types`).
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { expectedMirrors, MIRROR_DIR } from "../../scripts/generate-form-types";
import { inlineRefs } from "~/engine/forms/type-mirror";
import type { ExpertBasicInfo } from "~/models/form-types";

test("every mirror in app/models/form-types is up to date, and there are no stale ones", () => {
  const expected = expectedMirrors();
  const actual = fs.readdirSync(MIRROR_DIR).sort();
  assert.equal(actual, [...expected.keys()].sort(), "mirror files (run npm run forms:types)");
  for (const [file, text] of expected) assert.is(fs.readFileSync(path.join(MIRROR_DIR, file), "utf8"), text, `${file} is stale: run npm run forms:types`);
});

test("inlineRefs replaces local refs, keeps sibling keywords and drops $defs", () => {
  const out = inlineRefs({ $defs: { d: { type: "string", title: "A" } }, type: "object", properties: { x: { $ref: "#/$defs/d", title: "B" } } });
  assert.equal(out, { type: "object", properties: { x: { type: "string", title: "B" } } });
});

test("the derived types describe the data (checked by tsc)", () => {
  const sample: ExpertBasicInfo = { name: "张三", birthDate: "1980-01-01", idCard: "x", address: "a", mobile: "13800000000", workUnit: "w", specialties: [{ code: "A02", main: true }], photo: "file:0", idCardFront: "file:0" };
  // @ts-expect-error — gender is an enum, tsc refuses other strings
  const wrong: ExpertBasicInfo = { ...sample, gender: "未知" };
  assert.ok(sample.name && wrong);
});

test.run();
