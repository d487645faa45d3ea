// The navigation, one list for every role: an entry shows when the user's ability allows it.
import type { Action, AppAbility, SubjectType } from "~/engine/permissions/ability";

export type NavItem = { to: string; label: string; can?: [Action, SubjectType] };

export const NAV: NavItem[] = [
  { to: "/", label: "首页" },
  { to: "/apply", label: "入库申请", can: ["create", "Application"] },
  { to: "/review", label: "审核", can: ["read", "Inbox"] },
  { to: "/admin/batches", label: "批次管理", can: ["manage", "Batch"] },
  { to: "/admin/users", label: "用户管理", can: ["read", "User"] },
  { to: "/admin/catalogs", label: "目录管理", can: ["manage", "Catalog"] },
  { to: "/admin/reports", label: "统计报表", can: ["read", "Report"] },
  { to: "/admin/forms", label: "表单管理", can: ["manage", "Definition"] },
  { to: "/admin/workflows", label: "流程管理", can: ["manage", "Definition"] },
  { to: "/admin/outbox", label: "短信发件箱", can: ["read", "SmsOutbox"] },
  { to: "/admin/audit", label: "审计日志", can: ["read", "AuditLog"] },
];

export const navFor = (ability: AppAbility) => NAV.filter((n) => !n.can || ability.can(n.can[0], n.can[1]));
