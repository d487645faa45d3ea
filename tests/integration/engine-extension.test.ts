import "../setup/guard";
// Issue 13, acceptance 1 and 7: a feature that lives outside the app (tests/fixtures/features) registers
// a step type (options checked at publish, completion, view data, its own posts), a guard, an effect and
// a document template; a workflow using them is published by an administrator and runs end to end over
// HTTP — start, save, transition, inbox task, printed document — with no engine file edited for it.
import fs from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Feature } from "~/features/types";
import { build, Client, db } from "../setup/app";
import { act, DATA, pdfText, rowVersion, start, uploadRef } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { pdf } from "../setup/uploads";
import { noteFeature } from "../fixtures/features/note-feature";

(build.entry.module as unknown as { registerFeature(f: Feature): void }).registerFeature(noteFeature);

const t = suite("engine extension by a feature");
const KEY = "note-review";
const SOURCE = fs.readFileSync("tests/fixtures/features/note-review.yaml", "utf8");
const ctx = {} as { admin: Client; expert: Client; expertId: number; batch: number; id: number };

const publish = async (content: string) => {
  const res = await ctx.admin.post(`/admin/workflows/${KEY}?${DATA("routes/_app.admin.workflows.$key")}`, { intent: "publish", content });
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string; problems?: { message: string }[] } };
};
const page = async () =>
  (await (await ctx.expert.get(`/apply/${ctx.id}?${DATA("routes/_app.apply.$id")}`)).json()) as {
    steps: { key: string; view: string; done: boolean; extra: { text?: string } | null }[]; events: { event: string; enabled: boolean; reason?: string }[];
  };
const note = (text: string) => act(ctx.expert, ctx.id, { intent: "step", step: "note", text });
const signSheet = async () => {
  const res = await ctx.expert.get(`/apply/${ctx.id}/documents/note-sheet`);
  assert.is(res.status, 200);
  assert.match(pdfText(await res.arrayBuffer()), `NOTE SHEET ${ctx.id}`);
  const ref = await uploadRef(ctx.expert, "备注单.pdf", await pdf("signed note sheet"));
  const r = await act(ctx.expert, ctx.id, { intent: "attach", step: "sheet", ref });
  assert.is(r.status, 200, r.body.message);
};
const submit = async () => act(ctx.expert, ctx.id, { intent: "transition", event: "submit", rowVersion: await rowVersion(ctx.id) });

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  const created = await ctx.admin.post("/admin/workflows?index", { intent: "create", key: KEY, title: "备注审核" });
  assert.is(created.status, 302);
});

t("the step type's own option check refuses a bad definition at publish, in Chinese", async () => {
  const r = await publish(SOURCE.replace("minLength: 4", "minLength: 0"));
  assert.is(r.status, 422);
  assert.ok(r.body.problems?.some((p) => p.message.includes('备注步骤 "note" 的 options.minLength 应为1到200的整数')), JSON.stringify(r.body));
  assert.not.ok(await db("workflow_versions").where({ key: KEY }).first());
});

t("an administrator publishes the fixture workflow; a batch runs it; an expert starts it", async () => {
  const r = await publish(SOURCE);
  assert.is(r.status, 200, JSON.stringify(r.body));
  const seeded = await db("batches").where({ name: "2025年第一批" }).first();
  const { id: _id, ...copy } = seeded;
  const [row] = await db("batches").insert({ ...copy, name: "备注试点批", workflow_key: KEY, workflow_version: 1, form_versions: "{}", number_format: "BZ{seq:4}" }).returning("id");
  ctx.batch = typeof row === "object" ? row.id : row;
  const who = await signedIn("expert");
  [ctx.expert, ctx.expertId] = [who.client, who.user.id];
  ctx.id = await start(ctx.expert, ctx.batch);
  const p = await page();
  assert.equal(p.steps.map((s) => [s.key, s.view, s.done]), [["note", "note", false], ["sheet", "sign-upload", false], ["submit", "review-submit", false]]);
  assert.equal(p.steps[0].extra, { text: "" });
});

t("the step's posts go to its runtime: refused short, saved, shown, and counted done", async () => {
  const short = await note("短");
  assert.is(short.status, 422);
  assert.is(short.body.message, "备注至少4个字");
  const saved = await note("这是一段备注内容");
  assert.is(saved.status, 200, saved.body.message);
  assert.is(saved.body.message, "备注已保存");
  const p = await page();
  assert.equal(p.steps[0].extra, { text: "这是一段备注内容" });
  assert.is(p.steps[0].done, true);
});

t("the registered document prints; the feature's guard and the engine's generic guards decide submit", async () => {
  await signSheet();
  const refused = await submit();
  assert.is(refused.status, 422);
  assert.is(refused.body.message, "备注中须写明「同意」");
  // A new note changes what the sheet prints: the signed scan is stale until signed again.
  assert.is((await note("本人同意以上备注内容")).status, 200);
  const stale = await submit();
  assert.is(stale.status, 422);
  assert.is(stale.body.message, "请先完成以下步骤：签署备注单");
  await signSheet();
  const ok = await submit();
  assert.is(ok.status, 200, ok.body.message);
  const inst = await db("workflow_instances").where({ id: ctx.id }).first();
  assert.is(inst.state, "submitted");
  assert.is(JSON.parse(inst.data).stampedBy, ctx.expertId, "the feature's effect ran in the transition");
  const late = await note("提交后再改备注");
  assert.is(late.status, 409);
});

t("the inbox lists the task and a reviewer role takes it to its end", async () => {
  const list = (await (await ctx.admin.get(`/review?${DATA("routes/_app.review._index")}&status=submitted`)).json()) as { items: { id: number; type: string; open: boolean }[] };
  const item = list.items.find((i) => i.id === ctx.id);
  assert.ok(item, "listed in the inbox");
  assert.is(item!.type, "备注审核");
  assert.is(item!.open, true);
  // The step's runtime draws a panel on the task page (a type without one draws none).
  const task = (await (await ctx.admin.get(`/review/${ctx.id}?${DATA("routes/_app.review.$id")}`)).json()) as { panels: { title: string; rows: string[][] }[] };
  assert.equal(task.panels.map((p) => [p.title, p.rows[0][0]]), [["备注内容", "备注"]]);
  const res = await ctx.admin.post(`/review/${ctx.id}?${DATA("routes/_app.review.$id")}`, { intent: "transition", event: "approve", rowVersion: await rowVersion(ctx.id) });
  assert.is(res.status, 200, await res.clone().text());
  assert.is((await db("workflow_instances").where({ id: ctx.id }).first()).state, "approved");
});

t("a step post for a type without a runtime, or an unknown step, is a 400 and changes nothing", async () => {
  const other = await signedIn("expert");
  const id = await start(other.client, ctx.batch);
  const before = await db("workflow_instances").where({ id }).first();
  for (const step of ["sheet", "nope"]) {
    const r = await act(other.client, id, { intent: "step", step, text: "同意同意" });
    assert.is(r.status, 400);
  }
  assert.equal(await db("workflow_instances").where({ id }).first(), before);
});

t.run();
