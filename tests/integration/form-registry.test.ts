// Form versions in the database (issue 4): built-ins synced at start-up, same key+version with other
// content refused, a version-1 document still validates as version 1 after version 2 is published.
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { db } from "../setup/app";
import { DefinitionConflict, getFormVersion, latestFormVersion, readBuiltInForms, syncFormDefinitions } from "~/engine/forms/registry.server";
import { validateDocument } from "~/engine/forms/validate";
import { VALID_SAMPLES } from "../fixtures/form-samples";

const t = suite("form registry");

t("every built-in form is in form_versions after start-up, with its hash", async () => {
  const defs = readBuiltInForms();
  const rows = await db("form_versions").select("key", "version", "hash");
  for (const d of defs) assert.ok(rows.find((r) => r.key === d.key && r.version === d.version && r.hash.length === 64), d.key);
  await syncFormDefinitions(defs); // idempotent
  const [{ n }] = await db("form_versions").count<{ n: number | string }[]>({ n: "*" });
  assert.is(Number(n), rows.length);
});

t("the same key and version with different content is refused and writes nothing", async () => {
  const def = readBuiltInForms().find((d) => d.key === "profile")!;
  const tampered = { ...def, title: def.title + "（改）" };
  try {
    await syncFormDefinitions([tampered]);
    assert.unreachable("should refuse");
  } catch (e) {
    assert.instance(e, DefinitionConflict);
  }
  assert.is((await getFormVersion("profile", def.version))!.title, def.title);
});

t("version 2 with an extra required field: a version-1 document still validates as version 1", async () => {
  // A copy under its own key: publishing a version 2 of a built-in form would change it for every other test.
  const base = (await getFormVersion("expert-basic-info", 1))!.definition;
  const key = "registry-fixture";
  await syncFormDefinitions([{ ...base, key }], "admin");
  const schema = JSON.parse(JSON.stringify(base.schema));
  schema.properties.evalYears = { type: "integer", title: "从事评标工作年限", minimum: 0, maximum: 60 };
  schema.required = [...(schema.required ?? []), "evalYears"];
  await syncFormDefinitions([{ ...base, key, version: 2, schema }], "admin");
  assert.is((await latestFormVersion(key))!.version, 2);
  const doc = VALID_SAMPLES["expert-basic-info"];
  const asV1 = validateDocument((await getFormVersion(key, 1))!.definition, doc, { mode: "full" });
  const asV2 = validateDocument((await getFormVersion(key, 2))!.definition, doc, { mode: "full" });
  assert.ok(asV1.ok, JSON.stringify(asV1.errors));
  assert.not.ok(asV2.ok);
  assert.match(JSON.stringify(asV2.errors), "从事评标工作年限");
});

t.run();
