// The navigation, one list for every role: an entry shows when the user's ability allows it.
import type { Action, AppAbility, SubjectType } from "~/engine/permissions/ability";

/** Where an entry sits in the staff side menu (experts get a plain top bar). */
export type NavGroup = "工作台" | "业务配置" | "系统管理";
export type NavItem = { to: string; label: string; group: NavGroup; can?: [Action, SubjectType] };

export const NAV_GROUPS: readonly NavGroup[] = ["工作台", "业务配置", "系统管理"];

export const NAV: NavItem[] = [
  { to: "/", label: "首页", group: "工作台" },
  { to: "/apply", label: "入库申请", group: "工作台", can: ["create", "Application"] },
  // Who applies is who trains (administrators manage enrolments but have none of their own).
  { to: "/training", label: "我的培训", group: "工作台", can: ["create", "Application"] },
  { to: "/certificate", label: "专家证书", group: "工作台", can: ["create", "Application"] },
  { to: "/changes", label: "个人信息变更", group: "工作台", can: ["create", "Application"] },
  { to: "/review", label: "审核", group: "工作台", can: ["read", "Inbox"] },
  // Staff only: an expert's own record is on 个人信息变更 (whose rule on PoolRecord is conditional).
  { to: "/pool", label: "专家库", group: "工作台", can: ["read", "Inbox"] },
  { to: "/admin/batches", label: "批次管理", group: "业务配置", can: ["manage", "Batch"] },
  { to: "/admin/training", label: "培训报名", group: "工作台", can: ["manage", "Enrolment"] },
  { to: "/admin/payments", label: "缴费对账", group: "业务配置", can: ["manage", "Payment"] },
  { to: "/admin/certificates", label: "证书管理", group: "工作台", can: ["manage", "Certificate"] },
  { to: "/admin/users", label: "用户管理", group: "系统管理", can: ["read", "User"] },
  { to: "/admin/catalogs", label: "目录管理", group: "业务配置", can: ["manage", "Catalog"] },
  { to: "/admin/calendar", label: "节假日日历", group: "业务配置", can: ["manage", "Catalog"] },
  { to: "/admin/reports", label: "统计报表", group: "系统管理", can: ["read", "Report"] },
  { to: "/admin/forms", label: "表单管理", group: "业务配置", can: ["manage", "Definition"] },
  { to: "/admin/workflows", label: "流程管理", group: "业务配置", can: ["manage", "Definition"] },
  { to: "/admin/outbox", label: "短信发件箱", group: "系统管理", can: ["read", "SmsOutbox"] },
  { to: "/admin/audit", label: "审计日志", group: "系统管理", can: ["read", "AuditLog"] },
];

export const navFor = (ability: AppAbility) => NAV.filter((n) => !n.can || ability.can(n.can[0], n.can[1]));
