// The 审计日志 in words (issue 19: admin screens show no internal codes): each row's action, target and
// detail as a Chinese label and sentence, with the stored values kept alongside for the expandable 详情.
// Names come from the data: users' names, applicants and workflow titles, and state and event titles
// from the published workflow definitions.
import { db } from "~/utils/db.server";
import { latestWorkflowVersion } from "~/engine/workflows/registry.server";
import type { AuditRow } from "~/models/audit.server";
import { AUDIT_ACTION_LABEL, AUDIT_OUTCOME_LABEL, AUDIT_TARGET_LABEL, ROLE_LABEL } from "~/models/constants";
import { formatYuan } from "~/utils/money";

/** One audit row as the page shows it; `raw` is what is stored, for 详情. */
export type AuditView = {
  id: number; at: number; actor: string; action: string; target: string; ip: string; outcome: string; outcomeKey: string; summary: string;
  raw: { action: string; target: string | null; ip: string | null; detail: string | null };
};

const KEY_LABEL: Record<string, string> = {
  method: "方式", accountFailures: "累计失败次数", scope: "范围", reason: "原因", event: "操作", before: "变更前", after: "变更后",
  comment: "意见", voucher: "使用凭证", source: "来源", amountFen: "金额", txnId: "交易流水号", importId: "账单批次",
  file: "文件", format: "格式", lines: "行数", other: "其他行", expertNumber: "专家编号", add: "新增", delete: "删除",
  enable: "启用", disable: "停用", parent: "上级", name: "名称", clonedFrom: "复制自批次", chars: "字数", version: "版本",
  title: "标题", from: "源版本", as: "新版本", username: "用户名", role: "角色", email: "电子邮箱", status: "状态",
  region: "地区", date: "日期", kind: "类型", phone: "手机号",
};
const VALUE_LABEL: Record<string, string> = {
  password: "账号密码", sms: "短信验证码", client: "本设备", locked: "已锁定", active: "启用", disabled: "停用",
  extend: "延期", true: "是", false: "否", ...ROLE_LABEL,
};

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:127.0.0.1` → `127.0.0.1`). */
export const plainIp = (ip: string | null) => (ip ? ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "") : "");

type Names = { states: Map<string, string>; events: Map<string, string> };

function valueText(key: string, v: unknown, names: Names): string {
  if (v === null || v === undefined || v === "") return "无";
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .filter(([k]) => KEY_LABEL[k])
      .map(([k, x]) => `${KEY_LABEL[k]} ${valueText(k, x, names)}`)
      .join("，");
  }
  const s = String(v);
  if (key === "amountFen" && typeof v === "number") return `${formatYuan(v)} 元`;
  if (key === "event") return names.events.get(s) ?? VALUE_LABEL[s] ?? s;
  if (key === "before" || key === "after") return names.states.get(s) ?? VALUE_LABEL[s] ?? s;
  return VALUE_LABEL[s] ?? s;
}

/** The detail as "键：值；…" in Chinese; keys without a label stay in 详情 only. */
function sentence(detail: unknown, names: Names): string {
  if (!detail || typeof detail !== "object") return "";
  return Object.entries(detail as Record<string, unknown>)
    .filter(([k]) => KEY_LABEL[k])
    .map(([k, v]) => `${KEY_LABEL[k]}：${valueText(k, v, names)}`)
    .join("；");
}

const INSTANCE_TYPES = new Set(["Application", "Enrolment", "TrainingEnrolment"]);

/** State and event titles of every published workflow (latest versions), for the transitions' details. */
async function workflowNames(): Promise<Names & { titles: Map<string, string> }> {
  const keys: { key: string }[] = await db("workflow_versions").distinct("key");
  const states = new Map<string, string>();
  const events = new Map<string, string>();
  const titles = new Map<string, string>();
  for (const { key } of keys) {
    const def = (await latestWorkflowVersion(key))?.definition;
    if (!def) continue;
    titles.set(key, def.title);
    for (const [name, s] of Object.entries(def.states)) if (!states.has(name)) states.set(name, s.title);
    for (const t of def.transitions) if (!events.has(t.event)) events.set(t.event, t.title);
  }
  return { states, events, titles };
}

/** The audit rows of one page in words; two or three small queries for the names, whatever the page size. */
export async function describeAuditRows(rows: AuditRow[]): Promise<AuditView[]> {
  const ids = (type: (t: string) => boolean) => [...new Set(rows.filter((r) => r.target_type && type(r.target_type)).map((r) => Number(r.target_id)).filter(Number.isSafeInteger))];
  const userIds = ids((t) => t === "User");
  const instanceIds = ids((t) => INSTANCE_TYPES.has(t));
  const batchIds = ids((t) => t === "Batch");
  const [users, instances, batches, names, forms] = await Promise.all([
    userIds.length ? db("users").whereIn("id", userIds).select("id", "name") : [],
    instanceIds.length
      ? db("workflow_instances as i").join("users as u", "u.id", "i.owner_id").whereIn("i.id", instanceIds).select("i.id", "i.workflow_key", "u.name")
      : [],
    batchIds.length ? db("batches").whereIn("id", batchIds).select("id", "name") : [],
    workflowNames(),
    db("form_versions").select("key", "title").orderBy("version", "desc") as Promise<{ key: string; title: string }[]>,
  ]);
  const userName = new Map((users as { id: number; name: string }[]).map((u) => [String(u.id), u.name]));
  const batchName = new Map((batches as { id: number; name: string }[]).map((b) => [String(b.id), b.name]));
  const instance = new Map((instances as { id: number; workflow_key: string; name: string }[]).map((i) => [String(i.id), i]));
  const formTitle = new Map<string, string>();
  for (const f of forms) if (!formTitle.has(f.key)) formTitle.set(f.key, f.title);

  const target = (r: AuditRow): string => {
    if (!r.target_type) return "—";
    const kind = AUDIT_TARGET_LABEL[r.target_type] ?? "对象";
    const id = r.target_id ?? "";
    if (r.target_type === "User") return `${kind}：${userName.get(id) ?? `编号 ${id}`}`;
    if (r.target_type === "Batch") return `${kind}：${batchName.get(id) ?? `编号 ${id}`}`;
    if (r.target_type === "Workflow") return `${kind}：${names.titles.get(id) ?? id}`;
    if (r.target_type === "Form") return `${kind}：${formTitle.get(id) ?? id}`;
    const inst = instance.get(id);
    if (inst) return `${names.titles.get(inst.workflow_key) ?? kind}：${inst.name}`;
    return `${kind}：编号 ${id}`;
  };

  return rows.map((r) => {
    let detail: unknown = null;
    try {
      detail = r.detail ? JSON.parse(r.detail) : null;
    } catch {
      detail = r.detail;
    }
    return {
      id: r.id,
      at: Number(r.at),
      actor: r.actor_name ?? "—",
      action: AUDIT_ACTION_LABEL[r.action as keyof typeof AUDIT_ACTION_LABEL] ?? "其他操作",
      target: target(r),
      ip: plainIp(r.ip) || "—",
      outcome: AUDIT_OUTCOME_LABEL[r.outcome] ?? r.outcome,
      outcomeKey: r.outcome,
      summary: sentence(detail, names),
      raw: { action: r.action, target: r.target_type ? `${r.target_type} ${r.target_id ?? ""}` : null, ip: r.ip, detail: detail === null ? null : JSON.stringify(detail, null, 2) },
    };
  });
}
