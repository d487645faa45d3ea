// The application's status values, enumerations and labels (DESIGN rule 8), shared by models, features,
// routes, components and the browser. The engine's own vocabulary (roles, definition sources, the start
// event) is in ~/engine/constants.
import type { Role } from "~/engine/constants";

/** The product's name, as pages and printed documents carry it. */
export const PRODUCT_NAME = "评标专家管理系统";

export const ROLE_LABEL: Record<Role, string> = { expert: "专家", reviewer: "审核人员", admin: "管理员" };

export const USER_STATUS = { active: "active", disabled: "disabled" } as const;
export type UserStatus = (typeof USER_STATUS)[keyof typeof USER_STATUS];

export const SMS_PURPOSE = { register: "register", login: "login", changePhone: "change_phone", resetPassword: "reset_password" } as const;
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
  lessonChange: "course.lesson_change",
  passwordForgot: "password.forgot",
  examDefinition: "exam.definition",
  examImport: "exam.import",
  examQuestionDelete: "exam.question_delete",
  certificateRevoke: "certificate.revoke",
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

/**
 * Each audit action as the 审计日志 shows it (issue 19: no raw codes on admin screens). A Record over every
 * AuditAction, so a new action without a label fails the typecheck instead of showing its code.
 */
export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = {
  "login.success": "登录成功", "login.failure": "登录失败", "login.lockout": "登录锁定", logout: "退出登录",
  "user.register": "注册账号", "password.change": "修改密码", "password.reset": "重置密码", "password.forgot": "找回密码",
  "profile.update": "修改基本资料", "profile.phone_change": "更换手机号", "user.create": "创建用户", "user.role_change": "变更角色",
  "user.disable": "停用用户", "user.enable": "启用用户", "application.transition": "办理申请",
  "application.view_id_card": "查看身份证", "user.scope_change": "变更审核范围", "batch.create": "新建批次", "batch.update": "修改批次",
  "roster.export": "导出专家名册", "catalog.change": "修改目录", "form.publish": "发布表单版本", "workflow.publish": "发布流程版本",
  "definition.draft_save": "保存定义草稿", "definition.create": "新建定义", "definition.restore": "以旧版本为草稿",
  "batch.payment_qr": "设置收款二维码", "training.transition": "办理培训报名", "payment.settle": "确认缴费",
  "calendar.change": "修改节假日日历", "payment.import": "导入缴费账单", "payment.import_commit": "提交缴费账单",
  "payment.manual_confirm": "手工确认缴费", "course.lesson_change": "修改课程内容",
  "exam.definition": "考试设置", "exam.import": "导入题库", "exam.question_delete": "删除试题",
  "certificate.revoke": "撤销证书",
};

/** What an audit row's target is, in words (audit_log.target_type). */
export const AUDIT_TARGET_LABEL: Record<string, string> = {
  User: "用户", Application: "申请", Batch: "批次", CalendarDay: "节假日", Enrolment: "培训报名", TrainingEnrolment: "培训报名",
  PaymentImport: "缴费账单", Course: "课程", Certificate: "证书", Region: "地区", Specialty: "专业", Roster: "专家名册", Form: "表单", Workflow: "流程",
};

export const AUDIT_OUTCOME_LABEL: Record<string, string> = { ok: "成功", failed: "失败", denied: "拒绝" };

/** The SMS outbox's delivery states (sms_outbox.status) and channels (sms_outbox.provider), in words. */
export const SMS_STATUS_LABEL: Record<string, string> = { stored: "已记录（未外发）", sent: "已发送", failed: "发送失败" };
export const SMS_PROVIDER_LABEL: Record<string, string> = { outbox: "模拟通道", http: "短信网关" };

/** Notifications' SMS delivery (notifications.sms_status), in words. */
export const NOTIFICATION_SMS_LABEL: Record<string, string> = { pending: "短信待发送", sending: "短信发送中", sent: "已短信通知", failed: "短信发送失败", none: "无手机号" };

/** 学习天数 of a training course (批次设置's 培训课程): the editor says so at once, the server refuses outside it. */
export const COURSE_DAYS = { min: 1, max: 365 } as const;
/** What a 学习天数 outside COURSE_DAYS is told, after the course's label. */
export const COURSE_DAYS_TEXT = `的学习天数须为 ${COURSE_DAYS.min} 到 ${COURSE_DAYS.max} 的整数`;
