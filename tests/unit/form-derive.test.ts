import "../setup/guard";
// Fields derived from another by the definition's own consistency rules (app/engine/forms/derive.ts):
// which rules state a derivation, what the browser fills in as the source is typed, and that the
// server's check of the same rules accepts the derived values and refuses an edit that disagrees.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { applyDerivations, derivations } from "~/engine/forms/derive";
import type { Rule } from "~/engine/forms/rules";
import { validateDocument } from "~/engine/forms/validate";
import { ID_CARD_FEMALE, loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const basic = loadFormFiles().find((f) => f.stem === "expert-basic-info")!.definition;
const sample = VALID_SAMPLES["expert-basic-info"];
const rule = (logic: unknown, extra: Partial<Rule> = {}): Rule => ({ id: "r", path: "/x", message: "m", logic, ...extra });

test("the built-in 基本信息 declares 出生日期 and 性别 as derived from the 身份证号 (its consistency rules)", () => {
  assert.equal(derivations(basic.rules), [
    { op: "id_card_birth", source: "idCard", target: "birthDate" },
    { op: "id_card_sex", source: "idCard", target: "gender" },
  ]);
});

test("only an equality with a deriving operation states one: alone, in a top-level or, either side", () => {
  const eq = { "==": [{ var: "born" }, { id_card_birth: [{ var: "id" }] }] };
  assert.equal(derivations([rule(eq)]), [{ op: "id_card_birth", source: "id", target: "born" }]);
  assert.equal(derivations([rule({ or: [{ "!": { var: "id" } }, eq] })]).length, 1);
  assert.equal(derivations([rule({ and: [eq] })]), [], "not inside other logic");
  assert.equal(derivations([rule(eq, { each: "/list" })]), [], "not per list item");
  assert.equal(derivations([rule({ "==": [{ age_on: [{ var: "born" }, "2025-01-01"] }, { var: "age" }] })]), [], "age_on tests, it does not derive");
  assert.equal(derivations([rule({ "==": [{ id_card_sex: { var: "id" } }, "男"] })]), [], "a constant is not a field");
  assert.equal(derivations(undefined), []);
});

test("typing a complete, valid 身份证号 fills 出生日期 and 性别; a partial or unchanged one leaves them", () => {
  const list = derivations(basic.rules);
  const before = { ...sample };
  const typed = applyDerivations(list, before, { ...before, idCard: ID_CARD_FEMALE });
  assert.is(typed.birthDate, "1985-11-20");
  assert.is(typed.gender, "女");
  const partial = { ...before, idCard: ID_CARD_FEMALE.slice(0, 17) };
  assert.is(applyDerivations(list, before, partial), partial, "nothing to derive yet: the same object back");
  const edited = { ...typed, birthDate: "1985-11-21" };
  assert.is(applyDerivations(list, typed, edited).birthDate, "1985-11-21", "an edit of the target alone is kept (the rule judges it)");
  assert.equal(applyDerivations([{ op: "id_card_sex", source: "a.id", target: "a.sex" }], {}, { a: { id: ID_CARD_FEMALE } }), { a: { id: ID_CARD_FEMALE, sex: "女" } }, "dotted fields");
});

test("the server's check of the same rules accepts the derived values and refuses ones that disagree", () => {
  const derived = applyDerivations(derivations(basic.rules), sample, { ...sample, idCard: ID_CARD_FEMALE });
  assert.ok(validateDocument(basic, derived, { mode: "full" }).ok, "derived: consistent");
  const stale = { ...sample, idCard: ID_CARD_FEMALE }; // the ID changed but the other fields not
  const r = validateDocument(basic, stale, { mode: "full" });
  assert.not.ok(r.ok);
  assert.equal(r.ok ? {} : { birth: r.errors["/birthDate"], sex: r.errors["/gender"] }, {
    birth: ["出生日期 与身份证号中的出生日期不一致"],
    sex: ["性别 与身份证号不一致"],
  });
});

test.run();
