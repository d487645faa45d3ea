import "../setup/guard";
// 目录管理 rules and the batch 收款二维码 (issue 7): a region in use (form data, applications, reviewer
// scopes) is not renamed or deleted, with the reason and a pointer to 停用; 停用 takes an entry out of
// the pickers' data while it still names old data; a specialty with children or in use is not deleted.
// The QR is the admin's own PNG/JPEG upload, served to admins and to experts approved in that batch only,
// kept by orphan cleanup, and shown on the approved applicant's 缴费 card. Every change is audited.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { clock, Client, db } from "../setup/app";
import { batchId, DATA, instanceInState } from "../setup/applications";
import { makeUser, signedIn } from "../setup/factories";
import { pdf, png, squarePng, upload } from "../setup/uploads";
import { cleanupOrphanUploads } from "~/models/uploads.server";

const t = suite("catalogs and payment QR");
const ctx = {} as { admin: Client; adminId: number };
type Answer = { ok: boolean; message?: string; errors?: Record<string, string> };

const catalog = async (fields: Record<string, string>, c = ctx.admin) => {
  const res = await c.post(`/admin/catalogs?${DATA("routes/_app.admin.catalogs")}`, fields);
  return { status: res.status, body: (await res.json()) as Answer };
};
const audits = async (targetId: string) => Number((await db("audit_log").where({ action: "catalog.change", target_id: targetId }).count({ n: "*" }))[0].n);
let seq = 0;
/** A region of this test's own (so other suites sharing the database never see it change). */
async function region(name: string) {
  const code = String(659000 + ++seq);
  assert.is((await catalog({ intent: "add-region", code, name })).status, 200);
  return code;
}
const pickerData = async (c: Client) =>
  ((await (await c.get(`/forms/expert-basic-info?${DATA("routes/_app.forms.$key")}`)).json()) as { catalogs: { regions: { name: string; disabled?: true }[]; specialties: unknown[] } }).catalogs;

t.before(async () => {
  const a = await signedIn("admin");
  ctx.admin = a.client;
  ctx.adminId = a.user.id;
});

t("an unused region is renamed; a used one is refused with the reason and 停用 suggested, and keeps its name", async () => {
  const code = await region("改名测试甲");
  assert.is((await catalog({ intent: "rename-region", code, name: "改名测试乙" })).status, 200);
  assert.is((await db("regions").where({ code }).first()).name, "改名测试乙");
  assert.is((await catalog({ intent: "rename-region", code, name: "乌鲁木齐市" })).status, 400, "a name already taken");
  assert.is((await catalog({ intent: "rename-region", code, name: "" })).status, 400);
  assert.is((await catalog({ intent: "rename-region", code: "000000", name: "某地" })).status, 404);

  // In use three ways: a reviewer's scope, an application's attribute, an expert's form data.
  const reviewer = await makeUser("reviewer");
  await db("reviewer_scopes").insert({ user_id: reviewer.id, region: "改名测试乙", batch_id: null });
  const before = await audits(code);
  const r = await catalog({ intent: "rename-region", code, name: "改名测试丙" });
  assert.is(r.status, 409);
  assert.match(r.body.errors!.code, "1 个审核范围");
  assert.match(r.body.errors!.code, "停用");
  assert.is((await db("regions").where({ code }).first()).name, "改名测试乙", "unchanged");
  assert.is(await audits(code), before, "a refusal is not a change");

  const expert = await makeUser("expert");
  const other = await region("改名测试丁");
  await instanceInState({ ownerId: expert.id, state: "submitted", region: "改名测试丁", applicant: "某人" });
  assert.match((await catalog({ intent: "rename-region", code: other, name: "改名测试戊" })).body.errors!.code, "1 份申请");
  const third = await region("改名测试己");
  await db("form_submissions").insert({ owner_id: expert.id, form_key: "change-region", form_version: 1, form_hash: "x", scope: "test:rename", data: JSON.stringify({ region: "改名测试己" }), status: "draft", created_at: 1, updated_at: 1 });
  const sub = await catalog({ intent: "delete", kind: "region", code: third });
  assert.is(sub.status, 409);
  assert.match(sub.body.errors!.code, "1 份表单数据");
  assert.ok(await db("regions").where({ code: third }).first(), "not deleted");
});

t("停用 hides a region from the pickers' data but keeps its name; 启用 brings it back; unused regions are deleted", async () => {
  const code = await region("停用测试地");
  const { client: expert } = await signedIn("expert");
  const offered = async () => (await pickerData(expert)).regions.find((r) => r.name === "停用测试地");
  assert.equal(await offered(), { name: "停用测试地", code } as never);
  const off = await catalog({ intent: "disable", kind: "region", code });
  assert.is(off.status, 200);
  assert.ok((await offered())?.disabled, "still named, marked disabled");
  const scopeOptions = async () => ((await (await ctx.admin.get(`/admin/users?${DATA("routes/_app.admin.users")}`)).json()) as { regionOptions: string[] }).regionOptions;
  assert.not.ok((await scopeOptions()).includes("停用测试地"), "not offered for new reviewer scopes either");
  assert.is((await catalog({ intent: "disable", kind: "region", code })).status, 409, "already disabled");
  assert.is((await catalog({ intent: "enable", kind: "region", code })).status, 200);
  assert.not.ok((await offered())?.disabled);
  assert.ok((await scopeOptions()).includes("停用测试地"));
  assert.is((await catalog({ intent: "delete", kind: "region", code })).status, 200);
  assert.not.ok(await db("regions").where({ code }).first());
  assert.is(await audits(code), 4, "add, disable, enable, delete");
  assert.is((await catalog({ intent: "delete", kind: "planet", code })).status, 400);
  assert.is((await catalog({ intent: "delete", kind: "region", code })).status, 404);
});

t("specialties: disabled and enabled; deleted only without children and unused", async () => {
  assert.is((await catalog({ intent: "add-specialty", parent: "", code: "ZT0", name: "删除测试大类" })).status, 200);
  assert.is((await catalog({ intent: "add-specialty", parent: "ZT0", code: "ZT1", name: "删除测试小类" })).status, 200);
  const parent = await catalog({ intent: "delete", kind: "specialty", code: "ZT0" });
  assert.is(parent.status, 409);
  assert.match(parent.body.errors!.code, "1 个下级专业");
  const expert = await makeUser("expert");
  await db("form_submissions").insert({ owner_id: expert.id, form_key: "expert-basic-info", form_version: 1, form_hash: "x", scope: "test:sp", data: JSON.stringify({ specialties: [{ code: "ZT1", main: true }] }), status: "draft", created_at: 1, updated_at: 1 });
  assert.match((await catalog({ intent: "delete", kind: "specialty", code: "ZT1" })).body.errors!.code, "1 份表单数据");
  assert.is((await catalog({ intent: "disable", kind: "specialty", code: "ZT0" })).status, 200);
  const tree = (await pickerData(ctx.admin)).specialties as { code: string; disabled?: true; children?: { code: string; name: string }[] }[];
  const node = tree.find((n) => n.code === "ZT0")!;
  assert.ok(node.disabled);
  assert.is(node.children?.[0].name, "删除测试小类", "names of stored codes are still known");
  await db("form_submissions").where({ scope: "test:sp" }).delete();
  assert.is((await catalog({ intent: "delete", kind: "specialty", code: "ZT1" })).status, 200);
  assert.is((await catalog({ intent: "delete", kind: "specialty", code: "ZT0" })).status, 200);
  const { client: reviewer } = await signedIn("reviewer");
  assert.is((await reviewer.post("/admin/catalogs", { intent: "disable", kind: "region", code: "650100" })).status, 403);
});

// ---- 收款二维码 ------------------------------------------------------------------------------------------

const qr = async (c: Client, batch: number | string, fields: Record<string, string>) => {
  const res = await c.post(`/admin/batches/${batch}?${DATA("routes/_app.admin.batches.$id")}`, fields);
  return { status: res.status, body: (await res.json()) as Answer };
};
const refOf = async (c: Client, name: string, bytes: Buffer) => ((await (await upload(c, name, bytes)).json()) as { ref: string }).ref;
const shaOf = async (id: number) => (await db("batches").where({ id }).first("payment_qr_sha")).payment_qr_sha as string | null;

t("the admin attaches, replaces and removes a batch's QR; wrong files and other people's uploads are refused", async () => {
  const batch = await batchId();
  const first = await refOf(ctx.admin, "二维码.png", await squarePng());
  const ok = await qr(ctx.admin, batch, { intent: "payment-qr", ref: first });
  assert.is(ok.status, 200, ok.body.message);
  assert.is(await shaOf(batch), first.slice(5));

  const { client: expert } = await signedIn("expert");
  const theirs = await refOf(expert, "别人的.png", await squarePng());
  const refusals: [Record<string, string>, number][] = [
    [{ intent: "payment-qr", ref: theirs }, 400],
    [{ intent: "payment-qr", ref: "" }, 400],
    [{ intent: "payment-qr", ref: `file:${"0".repeat(64)}` }, 400],
    [{ intent: "payment-qr", ref: await refOf(ctx.admin, "说明.pdf", await pdf()) }, 415],
    // A 1 × 1 picture (and one narrower than 200 px) is no code anyone can scan.
    [{ intent: "payment-qr", ref: await refOf(ctx.admin, "缩略图.png", png()) }, 422],
    [{ intent: "payment-qr", ref: await refOf(ctx.admin, "小二维码.png", await squarePng(199)) }, 422],
  ];
  for (const [fields, status] of refusals) {
    const r = await qr(ctx.admin, batch, fields);
    assert.is(r.status, status, JSON.stringify(fields));
    assert.match(r.body.message!, /[\u4e00-\u9fa5]/);
    assert.is(await shaOf(batch), first.slice(5), "unchanged");
  }
  assert.is((await ctx.admin.post("/admin/batches/new", { intent: "payment-qr", ref: first })).status, 404, "a batch not saved yet");
  assert.is((await ctx.admin.post("/admin/batches/99999999", { intent: "payment-qr", ref: first })).status, 404);
  assert.is((await expert.post(`/admin/batches/${batch}`, { intent: "payment-qr", ref: theirs })).status, 403);

  const jpeg = await refOf(ctx.admin, "新二维码.png", await squarePng());
  assert.is((await qr(ctx.admin, batch, { intent: "payment-qr", ref: jpeg })).status, 200, "replaced");
  assert.is(await shaOf(batch), jpeg.slice(5));
  const edit = await (await ctx.admin.get(`/admin/batches/${batch}`)).text();
  assert.match(edit, `/uploads/${jpeg.slice(5)}`);
  assert.is((await qr(ctx.admin, batch, { intent: "remove-payment-qr" })).status, 200);
  assert.is(await shaOf(batch), null);
  assert.is((await qr(ctx.admin, batch, { intent: "remove-payment-qr" })).status, 409, "nothing to remove");
  const rows = await db("audit_log").where({ action: "batch.payment_qr", target_id: String(batch) }).orderBy("id").select("detail");
  assert.is(rows.length, 3, "attach, replace, remove");
  assert.equal(JSON.parse(rows[2].detail), { before: jpeg.slice(5), after: null });
});

t("the QR is served to admins and to experts approved in that batch, to nobody else; cleanup keeps it", async () => {
  const batch = await batchId();
  const ref = await refOf(ctx.admin, "收款码.png", await squarePng());
  assert.is((await qr(ctx.admin, batch, { intent: "payment-qr", ref })).status, 200);
  const url = `/uploads/${ref.slice(5)}`;

  const approved = await signedIn("expert");
  const id = await instanceInState({ ownerId: approved.user.id, state: "approved", region: "乌鲁木齐市", applicant: "缴费测试" });
  await db("workflow_instances").where({ id }).update({ number: `XJ2098${String(id).padStart(4, "0")}` });
  const submitted = await signedIn("expert");
  await instanceInState({ ownerId: submitted.user.id, state: "submitted", region: "乌鲁木齐市", applicant: "未通过" });
  const elsewhere = await signedIn("expert");
  const other = (await db("batches").insert({ ...(await db("batches").where({ id: batch }).first()), id: undefined, name: "二维码测试另一批", payment_qr_sha: null }).returning("id"))[0] as { id: number };
  await instanceInState({ ownerId: elsewhere.user.id, state: "approved", region: "乌鲁木齐市", applicant: "别批", batch: other.id });

  const otherAdmin = (await signedIn("admin")).client;
  const reviewer = (await signedIn("reviewer")).client;
  for (const [who, c, status] of [["another admin", otherAdmin, 200], ["approved expert", approved.client, 200], ["submitted expert", submitted.client, 404],
    ["approved in another batch", elsewhere.client, 404], ["reviewer", reviewer, 404]] as const) {
    const res = await c.get(url);
    assert.is(res.status, status, who);
    if (status === 200) assert.is(res.headers.get("content-type"), "image/png");
  }
  assert.is((await (await new Client().prime()).get(url)).status, 302, "anonymous: to the sign-in page");

  // Approved before approvals enrolled in training: the card points to no 缴费 page of its own.
  const page = (await (await approved.client.get(`/apply/${id}?${DATA("routes/_app.apply.$id")}`)).json()) as { payment: { due: string; enrolmentId: number | null; expertNumber: string } | null };
  assert.is(page.payment?.enrolmentId, null);
  assert.match(page.payment!.expertNumber, /^XJ2098/);
  const html = await (await approved.client.get(`/apply/${id}`)).text();
  assert.match(html, "缴费");
  assert.match(html, "专家编号");

  clock.advance(3 * 86_400_000);
  try {
    await cleanupOrphanUploads();
  } finally {
    clock.reset();
  }
  assert.is((await approved.client.get(url)).status, 200, "the QR outlives the orphan cleanup");
});

t.run();
