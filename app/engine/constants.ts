// Status values and enumerations, in one place (DESIGN rule 8). Shared by server and browser code.

export const ROLE = { expert: "expert", reviewer: "reviewer", admin: "admin" } as const;
export type Role = (typeof ROLE)[keyof typeof ROLE];
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

/** The history event recorded when a workflow instance is created. */
export const WORKFLOW_START_EVENT = "start";
export const DEFINITION_SOURCE = { builtin: "builtin", admin: "admin" } as const;
/** What an administrator edits in the definition editors (definition_drafts.kind). */
export const DEFINITION_KIND = { form: "form", workflow: "workflow" } as const;
export type DefinitionKind = (typeof DEFINITION_KIND)[keyof typeof DEFINITION_KIND];
