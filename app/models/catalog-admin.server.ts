// Editing the catalogs as data: add regions (names are referenced by applications and reviewer scopes,
// so they are never renamed or removed here), add specialties under a parent, rename specialties
// (stored data keeps codes, so a new name shows everywhere).
import { AUDIT_ACTION } from "~/engine/constants";
import { db } from "~/utils/db.server";
import { audit } from "./audit.server";

type Actor = { id: number; name: string };
type Result = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

const NAME = /^[\u4e00-\u9fa5A-Za-z0-9（）()·、\- ]{1,50}$/;
const CODE = /^[A-Za-z0-9]{1,32}$/;

export async function addRegion(actor: Actor, input: { code: string; name: string }, ip: string): Promise<Result> {
  const errors: Record<string, string> = {};
  if (!/^\d{6}$/.test(input.code)) errors.code = "地州代码为6位数字（行政区划代码）";
  else if (await db("regions").where({ code: input.code }).first()) errors.code = "该代码已存在";
  if (!NAME.test(input.name)) errors.name = "请填写地州名称（50字以内）";
  else if (await db("regions").where({ name: input.name }).first()) errors.name = "该名称已存在";
  if (Object.keys(errors).length) return { ok: false, errors };
  const [{ m }] = await db("regions").max({ m: "sort" });
  await db("regions").insert({ code: input.code, name: input.name, sort: Number(m ?? 0) + 1 });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type: "Region", id: input.code }, ip, detail: { add: input.name } });
  return { ok: true, message: `已添加地州「${input.name}」` };
}

export async function addSpecialty(actor: Actor, input: { parent: string; code: string; name: string }, ip: string): Promise<Result> {
  const errors: Record<string, string> = {};
  if (input.parent && !(await db("specialties").where({ code: input.parent }).first())) errors.parent = "上级专业不存在";
  if (!CODE.test(input.code)) errors.code = "专业代码为1至32位字母或数字";
  else if (await db("specialties").where({ code: input.code }).first()) errors.code = "该代码已存在";
  if (!NAME.test(input.name)) errors.name = "请填写专业名称（50字以内）";
  if (Object.keys(errors).length) return { ok: false, errors };
  const [{ m }] = await db("specialties").max({ m: "sort" });
  await db("specialties").insert({ code: input.code, name: input.name, parent_code: input.parent || null, sort: Number(m ?? 0) + 1 });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type: "Specialty", id: input.code }, ip, detail: { add: input.name, parent: input.parent || null } });
  return { ok: true, message: `已添加专业「${input.name}」` };
}

export async function renameSpecialty(actor: Actor, input: { code: string; name: string }, ip: string): Promise<Result> {
  const row = await db("specialties").where({ code: input.code }).first();
  if (!row) return { ok: false, errors: { code: "专业不存在" } };
  if (!NAME.test(input.name)) return { ok: false, errors: { name: "请填写专业名称（50字以内）" } };
  await db("specialties").where({ code: input.code }).update({ name: input.name });
  await audit({ actor, action: AUDIT_ACTION.catalogChange, target: { type: "Specialty", id: input.code }, ip, detail: { before: row.name, after: input.name } });
  return { ok: true, message: `已将「${row.name}」改名为「${input.name}」` };
}
