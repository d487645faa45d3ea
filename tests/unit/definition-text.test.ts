import "../setup/features";
import "../setup/guard";
// The version number in a definition's text (issue 20: nobody types it): the editor's text leaves it out,
// keeping every other character as typed; a workflow's stored YAML gets its `version:` line back; the
// checkers number a text as told, whatever it says.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkFormSource } from "~/engine/forms/check-definition";
import { loadWorkflowYaml } from "~/engine/workflows/load";
import { withoutVersion, yamlWithVersion } from "~/models/definition-text.server";

const formFiles = fs.readdirSync("forms").filter((f) => f.endsWith(".json"));
const flowFiles = fs.readdirSync("workflows").filter((f) => /\.ya?ml$/.test(f));

test("every built-in form loses exactly its version member, nothing else", () => {
  for (const f of formFiles) {
    const text = fs.readFileSync(`forms/${f}`, "utf8");
    const out = withoutVersion("form", text);
    const { version, ...rest } = JSON.parse(text);
    assert.ok(Number.isInteger(version), f);
    assert.equal(JSON.parse(out), rest, f);
    // Only the version's own line is gone.
    assert.is(out.split("\n").length, text.split("\n").length - 1, f);
    assert.is(withoutVersion("form", out), out, `${f}: nothing more to take`);
  }
});

test("a JSON version anywhere in the root object: first, last, on one line", () => {
  assert.equal(JSON.parse(withoutVersion("form", '{"version": 3, "key": "a"}')), { key: "a" });
  assert.is(withoutVersion("form", '{\n  "key": "a",\n  "version": 3\n}'), '{\n  "key": "a"\n}');
  assert.is(withoutVersion("form", '{"key": "a", "version": 3}'), '{"key": "a"}');
  assert.is(withoutVersion("form", '{"version": 3}'), "{}");
  // A nested "version" is a field, not the definition's number; text that does not parse stays as typed.
  const nested = '{"key": "a", "schema": {"properties": {"version": {"type": "string"}}}}';
  assert.is(withoutVersion("form", nested), nested);
  assert.is(withoutVersion("form", '{"version": 3,'), '{"version": 3,');
});

test("every built-in workflow loses its version line; the stored YAML gets it back as the line it was", () => {
  for (const f of flowFiles) {
    const text = fs.readFileSync(`workflows/${f}`, "utf8");
    const out = withoutVersion("workflow", text);
    assert.not.match(out, /^version:/m, f);
    assert.is(out.split("\n").length, text.split("\n").length - 1, f);
    const version = Number(/^version:\s*(\d+)/m.exec(text)![1]);
    // The key line comes first in every built-in file, and the version right after it.
    assert.is(yamlWithVersion(out, version), text, f);
    assert.is(yamlWithVersion(text, version + 1), text.replace(/^version:.*$/m, `version: ${version + 1}`), f);
  }
});

test("YAML in other layouts: a commented version line, a flow mapping, no key line", () => {
  assert.is(withoutVersion("workflow", "key: a\nversion: 2   # 第二版\ntitle: 甲\n"), "key: a\ntitle: 甲\n");
  assert.is(withoutVersion("workflow", "{ key: a, version: 2 }\n"), "{ key: a }\n");
  assert.is(withoutVersion("workflow", "states:\n  version: { title: 版本 }\n"), "states:\n  version: { title: 版本 }\n");
  assert.is(yamlWithVersion("title: 甲\n", 4), "title: 甲\nversion: 4\n");
});

test("the checkers number the text as told: no version typed is no problem, a typed one is overridden", () => {
  const text = fs.readFileSync("forms/change-work-unit.json", "utf8");
  const r = checkFormSource(withoutVersion("form", text), { compile: true, version: 7 });
  assert.equal(r.problems, []);
  assert.is((r.definition as { version: number }).version, 7);
  assert.ok(checkFormSource(withoutVersion("form", text), { compile: true }).problems.some((p) => p.pointer === "/version"), "without a number given, the text must hold one");
  assert.is((checkFormSource(text, { compile: true, version: 9 }).definition as { version: number }).version, 9);

  const yaml = withoutVersion("workflow", fs.readFileSync("workflows/expert-admission.yaml", "utf8"));
  const w = loadWorkflowYaml(yaml, "workflows/expert-admission.yaml", { version: 5 });
  assert.ok(w.ok, JSON.stringify(!w.ok && w.errors));
  assert.is(w.ok && w.definition.version, 5);
  assert.not.ok(loadWorkflowYaml(yaml, "workflows/expert-admission.yaml").ok);
});

test.run();
