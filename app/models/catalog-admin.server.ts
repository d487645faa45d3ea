// Editing the catalogs as data. Regions are stored by name (in form data, application attributes and
// reviewer scopes) and specialties by code, so an entry in use is never renamed (regions) or deleted:
// 停用 takes it out of the pickers while old data still shows its name.
import { AUDIT_ACTION } from "./constants";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { audit } from "./audit.server";

type Actor = { id: number; name: string };
export type CatalogResult = { ok: true; message: string } | { ok: false; status: number; errors: Record<string, string> };

const NAME = /^[\u4e00-\u9fa5A-Za-z0-9（）()·、\- ]{1,50}$/;
const CODE = /^[A-Za-z0-9]{1,32}$/;
const refuse = (errors: Record<string, string>, status = 400): CatalogResult => ({ ok: false, status, errors });
const countOf = async (q: ReturnType<typeof db>) => Number((await q.count<{ n: number | string }[]>({ n: "*" }))[0].n);

/** Where a region name or specialty code is used, as Chinese phrases (empty: unused). */
async function usesOf(kind: "region" | "specialty", value: string): Promise<string[]> {
  // NAME and CODE exclude LIKE wildcards and quotes, so the value is safe inside the pattern.
  const inData = kind === "region" ? `%"${value}"%` : `%"code":"${value}"%`;
  const [apps, submissions, scopes, children] = await Promise.all([
    countOf(db("workflow_instances").where(kind, value)),
    countOf(db("form_submissions").where("data", "like", inData)),
    kind === "region" ? countOf(db("reviewer_scopes").where("region", value)) : 0,
    kind === "specialty" ? countOf(db("specialties").where("parent_code", value)) : 0,
  ]);
  return [
    apps ? `${apps} 份申请` : "", submissions ? `${submissions} 份表单数据` : "", scopes ? `${scopes} 个审核范围` : "", children ? `${children} 个下级专业` : "",
  ].filter(Boolean);
}

const inUse = (label: string, uses: string[], what: string) => `「${label}」已被${uses.join("、")}使用，不能${what}；如不再使用，请停用`;

export async function addRegion(actor: Actor, input: { code: string; name: string }, ip: string): Promise<CatalogResult> {
  const errors: Record<string, string> = {};
  if (!/^\d{6}$/.test(input.code)) errors.code = "地州代码为6位数字（行政区划代码）";
  else if (await db("regions").where({ code: input.code }).first()) errors.code = "该代码已存在";
  if (!NAME.test(input.name)) errors.name = "请填写地州名称（50字以内）";
  else if (await db("regions").where({ name: input.name }).first()) errors.name = "该名称已存在";
  if (Object.keys(errors).length) return refuse(errors);
  const [{ m }] = await db("regions").max({ m: "sort" });
  await db("regions").insert({ code: input.code, name: input.name, sort: Number(m ?? 0) + 1 });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type: "Region", id: input.code }, ip, detail: { add: input.name } });
  return { ok: true, message: `已添加地州「${input.name}」` };
}

export async function renameRegion(actor: Actor, input: { code: string; name: string }, ip: string): Promise<CatalogResult> {
  const row = await db("regions").where({ code: input.code }).first();
  if (!row) return refuse({ code: "地州不存在" }, 404);
  if (!NAME.test(input.name)) return refuse({ name: "请填写地州名称（50字以内）" });
  if (input.name === row.name) return refuse({ name: "新名称与原名称相同" });
  if (await db("regions").where({ name: input.name }).first()) return refuse({ name: "该名称已存在" });
  const uses = await usesOf("region", row.name);
  if (uses.length) return refuse({ code: inUse(row.name, uses, "改名") }, 409);
  await db("regions").where({ code: input.code }).update({ name: input.name });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type: "Region", id: input.code }, ip, detail: { before: row.name, after: input.name } });
  return { ok: true, message: `已将「${row.name}」改名为「${input.name}」` };
}

export async function addSpecialty(actor: Actor, input: { parent: string; code: string; name: string }, ip: string): Promise<CatalogResult> {
  const errors: Record<string, string> = {};
  if (input.parent && !(await db("specialties").where({ code: input.parent }).first())) errors.parent = "上级专业不存在";
  if (!CODE.test(input.code)) errors.code = "专业代码为1至32位字母或数字";
  else if (await db("specialties").where({ code: input.code }).first()) errors.code = "该代码已存在";
  if (!NAME.test(input.name)) errors.name = "请填写专业名称（50字以内）";
  if (Object.keys(errors).length) return refuse(errors);
  const [{ m }] = await db("specialties").max({ m: "sort" });
  await db("specialties").insert({ code: input.code, name: input.name, parent_code: input.parent || null, sort: Number(m ?? 0) + 1 });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type: "Specialty", id: input.code }, ip, detail: { add: input.name, parent: input.parent || null } });
  return { ok: true, message: `已添加专业「${input.name}」` };
}

export async function renameSpecialty(actor: Actor, input: { code: string; name: string }, ip: string): Promise<CatalogResult> {
  const row = await db("specialties").where({ code: input.code }).first();
  if (!row) return refuse({ code: "专业不存在" }, 404);
  if (!NAME.test(input.name)) return refuse({ name: "请填写专业名称（50字以内）" });
  await db("specialties").where({ code: input.code }).update({ name: input.name });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type: "Specialty", id: input.code }, ip, detail: { before: row.name, after: input.name } });
  return { ok: true, message: `已将「${row.name}」改名为「${input.name}」` };
}

const TABLE = { region: { table: "regions", noun: "地州", type: "Region" }, specialty: { table: "specialties", noun: "专业", type: "Specialty" } } as const;
export type CatalogKind = keyof typeof TABLE;

/** 停用 / 启用: the entry leaves (or returns to) the pickers; nothing stored changes. */
export async function setCatalogEnabled(actor: Actor, kind: CatalogKind, code: string, enabled: boolean, ip: string): Promise<CatalogResult> {
  const { table, noun, type } = TABLE[kind];
  const row = await db(table).where({ code }).first();
  if (!row) return refuse({ code: `${noun}不存在` }, 404);
  if (!row.disabled_at === enabled) return refuse({ code: `「${row.name}」已经是${enabled ? "启用" : "停用"}状态` }, 409);
  await db(table).where({ code }).update({ disabled_at: enabled ? null : now() });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type, id: code }, ip, detail: { [enabled ? "enable" : "disable"]: row.name } });
  return { ok: true, message: `已${enabled ? "启用" : "停用"}${noun}「${row.name}」` };
}

/** Deletes an entry nothing refers to (a specialty with children counts as referenced). */
export async function deleteCatalogEntry(actor: Actor, kind: CatalogKind, code: string, ip: string): Promise<CatalogResult> {
  const { table, noun, type } = TABLE[kind];
  const row = await db(table).where({ code }).first();
  if (!row) return refuse({ code: `${noun}不存在` }, 404);
  const uses = await usesOf(kind, kind === "region" ? row.name : row.code);
  if (uses.length) return refuse({ code: inUse(row.name, uses, "删除") }, 409);
  await db(table).where({ code }).delete();
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type, id: code }, ip, detail: { delete: row.name } });
  return { ok: true, message: `已删除${noun}「${row.name}」` };
}
