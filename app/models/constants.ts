// The application's status values, enumerations and labels (DESIGN rule 8), shared by models, features,
// routes, components and the browser. The engine's own vocabulary (roles, definition sources, the start
// event) is in ~/engine/constants.
import type { Role } from "~/engine/constants";

/** The product's name, as pages and printed documents carry it. */
export const PRODUCT_NAME = "评标专家管理系统";

export const ROLE_LABEL: Record<Role, string> = { expert: "专家", reviewer: "审核人员", admin: "管理员" };

export const USER_STATUS = { active: "active", disabled: "disabled" } as const;
export type UserStatus = (typeof USER_STATUS)[keyof typeof USER_STATUS];

export const SMS_PURPOSE = { register: "register", login: "login", changePhone: "change_phone" } as const;
export type SmsPurpose = (typeof SMS_PURPOSE)[keyof typeof SMS_PURPOSE];

export const AUDIT_ACTION = {
  loginSuccess: "login.success",
  loginFailure: "login.failure",
  lockout: "login.lockout",
  logout: "logout",
  register: "user.register",
  passwordChange: "password.change",
  passwordReset: "password.reset",
  profileUpdate: "profile.update",
  phoneChange: "profile.phone_change",
  userCreate: "user.create",
  roleChange: "user.role_change",
  userDisable: "user.disable",
  userEnable: "user.enable",
  applicationTransition: "application.transition",
  applicationViewIdCard: "application.view_id_card",
  scopeChange: "user.scope_change",
  batchCreate: "batch.create",
  batchUpdate: "batch.update",
  rosterExport: "roster.export",
  catalogChange: "catalog.change",
  formPublish: "form.publish",
  workflowPublish: "workflow.publish",
  definitionDraftSave: "definition.draft_save",
  definitionCreate: "definition.create",
  definitionRestore: "definition.restore",
  batchPaymentQr: "batch.payment_qr",
  enrolmentTransition: "training.transition",
  paymentSettle: "payment.settle",
  calendarChange: "calendar.change",
  paymentImport: "payment.import",
  paymentImportCommit: "payment.import_commit",
  paymentManualConfirm: "payment.manual_confirm",
} as const;
export type AuditAction = (typeof AUDIT_ACTION)[keyof typeof AUDIT_ACTION];

export const AUDIT_OUTCOME = { ok: "ok", denied: "denied", failed: "failed" } as const;

export const SUBMISSION_STATUS = { draft: "draft", complete: "complete" } as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUS)[keyof typeof SUBMISSION_STATUS];

/** What an administrator edits in the definition editors (definition_drafts.kind). */
export const DEFINITION_KIND = { form: "form", workflow: "workflow" } as const;
export type DefinitionKind = (typeof DEFINITION_KIND)[keyof typeof DEFINITION_KIND];

/** The state an admission application ends in when its applicant joins the pool (fees, training follow). */
export const APPROVED_STATE = "approved";

/** The 入库类型 a batch may allow (its editor shows them as checkboxes). */
export const APPLICATION_TYPES = ["新增", "续聘", "转入"] as const;
