// 个人信息表 (manual 五.1 【下载】): a PDF of the expert's current pool record and forms, once the
// certificate exists. Printed by the application form's machinery (engine/documents/application-form,
// APPLICATION_FORM_TASK in the worker pool): the sections are the forms of the admitting application,
// with the record's current values (name, 手机号, 评标地州, 工作单位, 专业, 回避单位) in place of what was
// typed then, so later approved changes print; the 专家编号 stands where the application number was.
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { dataHashOf, imageRefsOf } from "~/engine/documents/application-form-content.server";
import type { LoadedImage } from "~/engine/documents/application-form-content.server";
import { APPLICATION_FORM_TASK } from "~/engine/documents/built-in-tasks.server";
import { documentWorkers, WorkerLimitError } from "~/engine/documents/render-pool.server";
import { getFormVersion } from "~/engine/forms/registry.server";
import { readImage } from "~/features/admission/documents.server";
import { PRODUCT_NAME } from "~/models/constants";
import { POOL_SOURCE, poolMemberOfUser } from "~/models/pool.server";
import type { PoolMember } from "~/models/pool.server";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { certificateOfUser } from "./store.server";
import { specialtyNameRecord } from "~/models/catalogs.server";

export const PERSONAL_INFO_TITLE = "评标专家个人信息表";

type Json = Record<string, unknown>;
const parse = (s: string): Json => {
  try {
    const v = JSON.parse(s);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
  } catch {
    return {};
  }
};

/** The record's current values over a form's stored data (only fields the form has). */
function overlay(key: string, data: Json, m: PoolMember): Json {
  if (key === POOL_SOURCE.basicInfo) {
    const current: Json = { name: m.name, mobile: m.mobile, region: m.region, workUnit: m.workUnit, specialties: m.specialties };
    return { ...data, ...Object.fromEntries(Object.entries(current).filter(([k, v]) => k in data && v != null)) };
  }
  if (key === POOL_SOURCE.avoidance) return { ...data, hasUnits: m.avoidanceUnits.length ? "有" : "无", units: m.avoidanceUnits };
  return data;
}

/** The 个人信息表 PDF of the signed-in expert. 404 before the certificate exists; 503 when the render hit its limit. */
export async function personalInfoPdf(auth: Auth): Promise<{ bytes: Uint8Array; filename: string }> {
  requireAbility(auth.ability, "read", "Certificate");
  const [member, cert] = await Promise.all([poolMemberOfUser(auth.user.id), certificateOfUser(auth.user.id)]);
  if (!member || !cert) throw httpError(404, "取得专家证书后可下载个人信息表");
  const subs: { form_key: string; form_version: number; data: string }[] = await db("form_submissions")
    .where({ owner_id: member.userId, scope: `application:${member.instanceId}` }).orderBy("id").select("form_key", "form_version", "data");
  const sections = [];
  for (const s of subs) {
    const form = await getFormVersion(s.form_key, Number(s.form_version));
    if (form) sections.push({ definition: form.definition, data: overlay(s.form_key, parse(s.data), member) });
  }
  const input = { title: PERSONAL_INFO_TITLE, applicationNumber: member.number, numberLabel: "专家编号", sections, dataHash: dataHashOf(sections), generatedAt: new Date(now()), producer: PRODUCT_NAME, specialtyNames: await specialtyNameRecord() };
  const images: Record<string, LoadedImage> = {};
  for (const ref of imageRefsOf(input)) {
    const image = await readImage(ref);
    if (image) images[ref] = image;
  }
  try {
    const bytes = await documentWorkers().run(APPLICATION_FORM_TASK, { ...input, images });
    return { bytes, filename: `${PERSONAL_INFO_TITLE}-${member.number}.pdf` };
  } catch (e) {
    if (e instanceof WorkerLimitError) throw httpError(503, `个人信息表生成失败：${e.message}，请稍后重试`);
    throw e;
  }
}
