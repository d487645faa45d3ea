// The architecture check (DESIGN.md "Layout", issue 13): app/ is cruised with dependency-cruiser and
// the rules of .dependency-cruiser.cjs — arrows point down (routes → features → engine, models,
// services → utils), no import circles. The same rules must also catch what they are there for: each
// is shown to fail on a planted violation in a throw-away tree laid out like the repo (never app/).
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cruise } from "dependency-cruiser";
import type { IConfiguration, ICruiseResult } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { domainWordsIn } from "../../scripts/engine-words.js";
import { checkRoutes, serverValuesReachingBrowser } from "../../scripts/route-server-values";

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const config = createRequire(import.meta.url)(path.join(repo, ".dependency-cruiser.cjs")) as IConfiguration;

type Violation = { rule: string; from: string; to: string };

/** Cruises `root`/app with the repo's rules (its own tsconfig.json resolves `~/`); every violation, plus the module count. */
async function check(root: string): Promise<{ violations: Violation[]; modules: number }> {
  const tsConfigFile = path.join(root, "tsconfig.json");
  const options = { ...config.options, baseDir: root, tsConfig: { fileName: tsConfigFile } };
  const result = await cruise(["app"], { ...options, validate: true, ruleSet: { forbidden: config.forbidden } }, {}, { tsConfig: extractTSConfig(tsConfigFile) });
  const output = result.output as ICruiseResult;
  return {
    violations: output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.cycle ? v.cycle.map((c) => c.name).join(" → ") : v.to })),
    modules: output.modules.length,
  };
}

const show = (vs: Violation[]) => vs.map((v) => `  ${v.rule}: ${v.from} → ${v.to}`).join("\n");

// A minimal tree that obeys every rule: each layer importing the one below through `~/`.
const CLEAN: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "~/*": ["./app/*"] }, module: "ESNext", moduleResolution: "Bundler", jsx: "react-jsx", strict: true }, include: ["app/**/*"] }),
  "app/utils/db.server.ts": "export const db = {};\n",
  "app/utils/format.ts": "export const format = (s: string) => s;\n",
  "app/engine/rules.ts": 'import { format } from "~/utils/format";\nexport const rule = () => format("x");\n',
  "app/models/things.server.ts": 'import { db } from "~/utils/db.server";\nimport { rule } from "~/engine/rules";\nexport const things = () => [db, rule()];\n',
  "app/services/sms.server.ts": 'import { format } from "~/utils/format";\nexport const send = () => format("sms");\n',
  "app/features/things/list.server.ts": 'import { things } from "~/models/things.server";\nimport type { Thing } from "~/features/things/types";\nexport const list = (): Thing[] => things().map(() => ({}));\n',
  "app/features/things/types.ts": "export type Thing = {};\n",
  "app/components/thing-list.tsx": 'import type { Thing } from "~/features/things/types";\nexport const ThingList = (p: { items: Thing[] }) => p.items.length;\n',
  "app/routes/things.tsx": 'import { list } from "~/features/things/list.server";\nimport { ThingList } from "~/components/thing-list";\nexport const loader = () => list();\nexport default ThingList;\n',
};

const made: string[] = [];

/** A fresh tree under os.tmpdir(): the clean one, plus (or replacing) `files`. */
function tree(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "architecture-"));
  made.push(root);
  for (const [name, text] of Object.entries({ ...CLEAN, ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Plants `files` in a fresh tree and asserts that exactly `rule` is broken, by `from`. */
async function refuses(files: Record<string, string>, rule: string, from: string) {
  const { violations } = await check(tree(files));
  assert.ok(violations.length > 0, `planted ${rule} was not caught`);
  assert.equal([...new Set(violations.map((v) => v.rule))], [rule], `expected only ${rule}:\n${show(violations)}`);
  assert.ok(violations.some((v) => v.from === from), `expected a violation from ${from}:\n${show(violations)}`);
}

test("app/ obeys every rule (violations listed with file names)", async () => {
  const { violations, modules } = await check(repo);
  assert.ok(modules > 150, `only ${modules} modules cruised: is app/ being read?`);
  assert.is(violations.length, 0, `architecture violations in app/:\n${show(violations)}`);
});

test("the clean fixture tree passes, so each planted failure below is the plant's", async () => {
  const { violations, modules } = await check(tree());
  assert.is(violations.length, 0, show(violations));
  assert.is(modules, Object.keys(CLEAN).filter((f) => f.startsWith("app/")).length);
});

test("a planted import cycle fails", async () => {
  await refuses({
    "app/models/a.server.ts": 'import { b } from "./b.server";\nexport const a = () => b;\n',
    "app/models/b.server.ts": 'import { a } from "~/models/a.server";\nexport const b = () => a;\n',
  }, "no-circular", "app/models/a.server.ts");
});

test("a cycle through type-only imports fails too (issue 13's circles were of that kind)", async () => {
  await refuses({
    "app/features/things/a.ts": 'import type { B } from "./b";\nexport type A = { b?: B };\n',
    "app/features/things/b.ts": 'import type { A } from "~/features/things/a";\nexport type B = { a?: A };\n',
  }, "no-circular", "app/features/things/a.ts");
});

test("the engine importing a feature fails (through the ~/ alias)", async () => {
  await refuses({ "app/engine/x.ts": 'import { list } from "~/features/things/list.server";\nexport const x = list;\n' }, "engine-is-generic", "app/engine/x.ts");
});

test("the engine importing a model fails (relative path)", async () => {
  await refuses({ "app/engine/x.ts": 'import { things } from "../models/things.server";\nexport const x = things;\n' }, "engine-is-generic", "app/engine/x.ts");
});

test("a util importing a model fails, even for a type only", async () => {
  await refuses({ "app/utils/x.ts": 'import type { things } from "~/models/things.server";\nexport type X = typeof things;\n' }, "utils-are-leaves", "app/utils/x.ts");
});

test("a util importing the engine fails", async () => {
  await refuses({ "app/utils/x.ts": 'import { rule } from "~/engine/rules";\nexport const x = rule;\n' }, "utils-are-leaves", "app/utils/x.ts");
});

test("a model importing a feature fails", async () => {
  await refuses({ "app/models/x.server.ts": 'import { list } from "~/features/things/list.server";\nexport const x = list;\n' }, "models-below-features", "app/models/x.server.ts");
});

test("a component importing a route fails", async () => {
  await refuses({ "app/components/x.tsx": 'import type { loader } from "~/routes/things";\nexport type X = typeof loader;\n' }, "components-below-routes", "app/components/x.tsx");
});

test("a route opening the database fails", async () => {
  await refuses({ "app/routes/x.tsx": 'import { db } from "~/utils/db.server";\nexport const loader = () => db;\n' }, "routes-run-no-queries", "app/routes/x.tsx");
});

test("a service importing a model fails", async () => {
  await refuses({ "app/services/x.server.ts": 'import { things } from "~/models/things.server";\nexport const x = things;\n' }, "services-only-utils", "app/services/x.server.ts");
});

test("a feature importing a route fails", async () => {
  await refuses({ "app/features/things/x.server.ts": 'import { loader } from "~/routes/things";\nexport const x = loader;\n' }, "features-below-routes", "app/features/things/x.server.ts");
});

test("importing a worker entry fails (piscina loads it by path), from the engine too", async () => {
  const entry = { "app/workers/things.server.ts": 'import { list } from "~/features/things/list.server";\nexport default list;\n' };
  await refuses({ ...entry, "app/features/things/x.server.ts": 'import run from "~/workers/things.server";\nexport const x = run;\n' }, "worker-entries-are-loaded-by-path", "app/features/things/x.server.ts");
  const { violations } = await check(tree({ ...entry, "app/engine/x.ts": 'import run from "~/workers/things.server";\nexport const x = run;\n' }));
  assert.equal([...new Set(violations.map((v) => v.rule))].sort(), ["engine-is-generic", "worker-entries-are-loaded-by-path"]);
});

test("a worker entry importing a route fails", async () => {
  await refuses({ "app/workers/x.server.ts": 'import { loader } from "~/routes/things";\nexport default loader;\n' }, "workers-below-routes", "app/workers/x.server.ts");
});

test("app code importing tests/ fails", async () => {
  await refuses({
    "tests/setup/factory.ts": "export const make = () => 1;\n",
    "app/models/x.server.ts": 'import { make } from "../../tests/setup/factory";\nexport const x = make;\n',
  }, "app-never-imports-tests", "app/models/x.server.ts");
});

// The repo's "antd" is its own small barrel (tsconfig.json paths); the fixture maps it the same way.
const ANTD_BARREL = {
  "tsconfig.json": JSON.stringify({ ...JSON.parse(CLEAN["tsconfig.json"]), compilerOptions: { ...JSON.parse(CLEAN["tsconfig.json"]).compilerOptions, paths: { "~/*": ["./app/*"], antd: ["./app/components/antd-barrels/antd.ts"] } } }),
  "app/components/antd-barrels/antd.ts": "export type ButtonProps = { size?: string };\nexport const Button = () => null;\n",
};

test("a value imported from the antd barrel fails; a type from it does not", async () => {
  await refuses({ ...ANTD_BARREL, "app/components/x.tsx": 'import { Button } from "antd";\nexport const X = Button;\n' }, "antd-per-component", "app/components/x.tsx");
  const { violations } = await check(tree({ ...ANTD_BARREL, "app/components/x.tsx": 'import type { ButtonProps } from "antd";\nexport type X = ButtonProps;\n' }));
  assert.is(violations.length, 0, show(violations));
});

test("an import that does not resolve fails (a broken alias would otherwise slip past every rule)", async () => {
  await refuses({ "app/engine/x.ts": 'import { nothing } from "~/features/missing";\nexport const x = nothing;\n' }, "app-imports-resolve", "app/engine/x.ts");
});

test("the engine holds no domain text (承诺书, 专家编号, 批次…), comments included", () => {
  const hits = domainWordsIn(repo);
  assert.equal(hits, [], hits.map((h) => `  ${h.file}:${h.line}: ${h.word}`).join("\n"));
});

test("a planted domain word in the engine fails; the same word in a feature does not", () => {
  const root = tree({
    "app/engine/x.ts": '// prints the 承诺书\nexport const STALE = "已变化";\n',
    "app/features/things/pledge.ts": 'export const TITLE = "承诺书";\n',
  });
  assert.equal(domainWordsIn(root), [{ file: "app/engine/x.ts", line: 1, word: "承诺书" }]);
});

test("no route hands the browser a value from a .server module (the page component, meta, their helpers)", () => {
  const hits = checkRoutes(repo);
  assert.equal(hits, [], hits.map((h) => `  ${h.file}: ${h.name} used by ${h.usedBy}`).join("\n"));
});

test("a server value in a route's component or its helper is found; in loader/action or a type only, it is not", () => {
  const route = [
    'import { json } from "@remix-run/node";',
    'import { useLoaderData } from "@remix-run/react";',
    'import { REGIONS, listPool, type PoolRow } from "~/features/pool/list.server";',
    'import * as audit from "~/models/audit.server";',
    'import type { Row } from "~/models/rows.server";',
    "const label = (r: PoolRow) => `${r.name}（${REGIONS[0]}）`;",
    "async function load() { await audit.record(); return listPool(); }",
    "export async function loader() { return json({ rows: await load(), first: REGIONS[0] }); }",
    "export const action = async () => { await audit.record(); return null; };",
    "let shown: Row | undefined;",
    "export default function Page() { const d = useLoaderData<typeof loader>(); return <p title={d.first}>{d.rows.map(label)}{String(shown)}</p>; }",
  ].join("\n");
  assert.equal(serverValuesReachingBrowser("app/routes/x.tsx", route, true), [{ file: "app/routes/x.tsx", name: "REGIONS", usedBy: "label" }]);
  const clean = route.replace("{d.rows.map(label)}", "");
  assert.equal(serverValuesReachingBrowser("app/routes/x.tsx", clean, true), []);
  // meta runs in the browser too.
  assert.equal(serverValuesReachingBrowser("app/routes/x.tsx", `${clean}\nexport const meta = () => [{ title: REGIONS[0] }];`, true).map((f) => f.usedBy), ["meta"]);
  // A module of a route folder other than route.tsx is a browser module throughout.
  const part = 'import { SMS_LIMIT } from "~/utils/env.server";\nexport function Hint() { return <p>{SMS_LIMIT}</p>; }\n';
  assert.equal(serverValuesReachingBrowser("app/routes/login/hint.tsx", part, false), [{ file: "app/routes/login/hint.tsx", name: "SMS_LIMIT", usedBy: "Hint" }]);
  assert.equal(serverValuesReachingBrowser("app/routes/login/data.server.ts", part, false), [], "a .server module itself is never in the browser");
});

test.after(() => {
  for (const root of made) fs.rmSync(root, { recursive: true, force: true });
});

test.run();
