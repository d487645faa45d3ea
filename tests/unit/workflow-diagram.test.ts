import "../setup/guard";
// The state diagram drawn beside the workflow editor (laid out by dagre): layers from the initial state,
// labelled arrows whose labels never overlap, missing targets drawn as such, and whatever half-typed YAML
// holds never throws.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagramFromYaml } from "~/engine/workflows/diagram";
import { ROLE_LABEL } from "~/models/constants";
import { sideBySide } from "~/utils/side-by-side-diff";

const yaml = fs.readFileSync("workflows/expert-admission.yaml", "utf8");

test("expert-admission: states in layers by distance from 草稿, arrows labelled with title and the app's role labels", () => {
  const d = diagramFromYaml(yaml, ROLE_LABEL)!;
  const y = Object.fromEntries(d.states.map((s) => [s.name, s.y]));
  assert.ok(y.draft < y.submitted && y.submitted < y.reviewing && y.reviewing < y.approved);
  assert.is(y.approved, y.returned);
  assert.equal(d.states.find((s) => s.name === "approved")!.final, true);
  assert.equal(d.states.find((s) => s.name === "draft")!.initial, true);
  assert.equal(d.states.map((s) => s.title).sort(), ["已提交", "已退回", "审核中", "审核通过", "草稿"].sort());
  const labels = d.edges.map((e) => e.label);
  assert.ok(labels.includes("提交审核（专家）"));
  assert.ok(labels.includes("退回修改（审核人员、管理员）"));
  assert.is(d.edges.length, 6); // submit from two states, withdraw, accept, approve, return
  for (const e of d.edges) assert.ok(e.path.startsWith("M") && !e.missing);
  // boxes do not overlap within a layer
  for (const a of d.states) for (const b of d.states) if (a !== b && a.y === b.y) assert.ok(a.x + a.w <= b.x || b.x + b.w <= a.x);
});

test("every workflow in workflows/ and the fixtures: no two labels overlap, no label covers a state", () => {
  type Box = { x1: number; y1: number; x2: number; y2: number };
  const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const files = [...fs.readdirSync("workflows").map((f) => `workflows/${f}`), ...fs.readdirSync("tests/fixtures/workflows").filter((f) => f.endsWith(".yaml")).map((f) => `tests/fixtures/workflows/${f}`)];
  for (const file of files) {
    const d = diagramFromYaml(fs.readFileSync(file, "utf8"), ROLE_LABEL)!;
    assert.ok(d && d.edges.length, file);
    const labels = d.edges.map((e) => ({ x1: e.lx - e.lw / 2, y1: e.ly - e.lh / 2, x2: e.lx + e.lw / 2, y2: e.ly + e.lh / 2, what: e.label }));
    const boxes = d.states.map((s) => ({ x1: s.x, y1: s.y, x2: s.x + s.w, y2: s.y + s.h, what: s.title }));
    for (const e of d.edges) assert.ok(e.path.startsWith("M"), `${file}: ${e.label} has an arrow`);
    labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => assert.not.ok(overlap(a, b), `${file}: 「${a.what}」 and 「${b.what}」`)));
    for (const a of labels) for (const b of boxes) assert.not.ok(overlap(a, b), `${file}: 「${a.what}」 covers 「${b.what}」`);
    for (const a of [...labels, ...boxes]) assert.ok(a.x1 >= 0 && a.y1 >= 0 && a.x2 <= d.width && a.y2 <= d.height, `${file}: 「${a.what}」 inside the picture`);
  }
});

test("a transition to a missing state is drawn to a box marked 未定义", () => {
  const d = diagramFromYaml(yaml.replace("to: approved", "to: aproved"))!;
  assert.ok(d.states.some((s) => s.title === "aproved（未定义）"));
  assert.ok(d.edges.some((e) => e.to === "aproved" && e.missing));
});

test("half-typed or hostile YAML never throws", () => {
  for (const text of ["", "a: [", "states: 1", "states: {}", "- x", "states:\n  a: {title: A}\ntransitions: [{from: [a, 1], to: a, by: x}]", "x: &a [*a]"]) {
    const d = diagramFromYaml(text);
    assert.ok(d === null || Array.isArray(d.states), text);
  }
});

test("side-by-side diff pairs removed lines with the lines that replace them and folds long runs", () => {
  const a = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n") + "\n";
  const b = a.replace("line 10\n", "line ten\n");
  const r = sideBySide(a, b);
  assert.equal([r.added, r.removed], [1, 1]);
  const change = r.rows.find((row) => "left" in row && row.left?.kind === "del")!;
  assert.equal(change, { left: { n: 11, text: "line 10", kind: "del" }, right: { n: 11, text: "line ten", kind: "add" } });
  assert.ok(r.rows.some((row) => "fold" in row));
});

test.run();
