import "../setup/guard";
// Both form validators are held to the JSON Schema specification: every draft-07 case of the official
// JSON Schema Test Suite (../shared/data/json-schema-test-suite, beside the repository) whose schema uses
// only keywords the definition checker accepts (keywords.ts) runs against the server's validator (Ajv as
// validate.ts sets it up) and the browser's (the walker of interpret.ts); each must give the suite's
// answer, and the two must give the same Chinese messages. Cases outside that list (remote $ref, $id,
// unknown formats, validation keywords beside a $ref, keys such as __proto__…) are counted and printed, never silently dropped.
// The suite's optional/ folder is not part of the specification's required behaviour and is not run.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findForbiddenKeys } from "~/engine/forms/check-definition";
import { unsupportedKeywords } from "~/engine/forms/keywords";
import { toFieldErrors } from "~/engine/forms/messages";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { compileSchema } from "~/engine/forms/validate";

type Case = { description: string; data: unknown; valid: boolean };
type Group = { description: string; schema: unknown; tests: Case[] };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const suiteDir = path.resolve(repoRoot, "../shared/data/json-schema-test-suite");
const draft7 = path.join(suiteDir, "tests", "draft7");
const sorted = (e: Record<string, string[]>) => Object.fromEntries(Object.entries(e).sort().map(([k, v]) => [k, [...v].sort()]));

let ran = 0;
let outOfScope = 0;
const outReasons = new Map<string, number>();

if (!fs.existsSync(draft7)) {
  test("the JSON Schema Test Suite is present", () => {
    assert.unreachable(`missing ${draft7}: the suite must sit at ../shared/data/json-schema-test-suite beside the repository`);
  });
} else {
  const files = fs.readdirSync(draft7).filter((f) => f.endsWith(".json")).sort();
  test("the suite has its draft-07 files", () => {
    assert.ok(files.length >= 30, `only ${files.length} files in ${draft7}`);
  });
  for (const file of files) {
    const groups = JSON.parse(fs.readFileSync(path.join(draft7, file), "utf8")) as Group[];
    test(`draft7/${file}: server and browser validators give the suite's answers`, () => {
      const wrong: string[] = [];
      for (const group of groups) {
        // The checker's scope: keywords on the list, and no key that could reach a prototype (refused before anything else).
        const problems = [...findForbiddenKeys(group.schema).map((p) => ({ pointer: p, message: `不允许使用字段名（位置：${p}）` })), ...unsupportedKeywords(group.schema)];
        if (problems.length) {
          outOfScope += group.tests.length;
          const reason = `${file}: ${problems[0].message.replace(/；可用的关键字.*$/, "")}`;
          outReasons.set(reason, (outReasons.get(reason) ?? 0) + group.tests.length);
          continue;
        }
        const schema = group.schema as SchemaNode;
        const server = compileSchema(schema, false);
        const browser = compileSchema(schema, true);
        for (const c of group.tests) {
          ran++;
          const where = `${group.description} / ${c.description}`;
          const okServer = server(structuredClone(c.data)) as boolean;
          const okBrowser = browser(structuredClone(c.data)) as boolean;
          if (okServer !== c.valid) wrong.push(`server says ${okServer ? "valid" : "invalid"}: ${where}`);
          if (okBrowser !== c.valid) wrong.push(`browser says ${okBrowser ? "valid" : "invalid"}: ${where}`);
          const fromServer = okServer ? {} : toFieldErrors(server.errors, schema);
          const fromBrowser = okBrowser ? {} : toFieldErrors(browser.errors, schema);
          if (JSON.stringify(sorted(fromServer)) !== JSON.stringify(sorted(fromBrowser))) {
            wrong.push(`messages differ: ${where}: server ${JSON.stringify(sorted(fromServer))} browser ${JSON.stringify(sorted(fromBrowser))}`);
          }
        }
      }
      assert.equal(wrong, [], wrong.join("\n"));
    });
  }
  test("counts", () => {
    console.log(`\n  JSON Schema Test Suite (draft7): ${ran} cases ran against both validators, ${outOfScope} out of scope (schemas the definition checker refuses)`);
    for (const [reason, n] of [...outReasons].sort()) console.log(`    ${n} × ${reason}`);
    // Most of the suite is in scope: a list that shrank by accident would show here.
    assert.ok(ran >= 800, `only ${ran} cases in scope`);
  });
}

test.run();
