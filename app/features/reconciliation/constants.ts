// The words of 缴费对账, shared by the server and the page (browser-safe).

/** Every bill line lands in exactly one of these (SPEC §4). */
export const BILL_CLASS = {
  matched: "已匹配",
  mismatch: "金额不符",
  unknown: "未知专家编号",
  duplicate: "重复",
  refund: "退款",
  processed: "已处理",
} as const;
export type BillClass = (typeof BILL_CLASS)[keyof typeof BILL_CLASS];
export const BILL_CLASSES: readonly BillClass[] = Object.values(BILL_CLASS);

/** The bill formats recognised from a file's content (never from its name). */
export const BILL_FORMAT = {
  templateCsv: "template-csv",
  templateXlsx: "template-xlsx",
  wechatMerchant: "wechat-merchant",
  wechatPersonal: "wechat-personal",
  wechatPersonalXlsx: "wechat-personal-xlsx",
  alipayBusiness: "alipay-business",
  alipayAccount: "alipay-account",
} as const;
export type BillFormat = (typeof BILL_FORMAT)[keyof typeof BILL_FORMAT];

export const BILL_FORMAT_LABEL: Record<BillFormat, string> = {
  "template-csv": "本系统模板（CSV）",
  "template-xlsx": "本系统模板（XLSX）",
  "wechat-merchant": "微信支付交易账单",
  "wechat-personal": "微信支付账单明细（个人，CSV）",
  "wechat-personal-xlsx": "微信支付账单明细（个人，XLSX）",
  "alipay-business": "支付宝业务明细",
  "alipay-account": "支付宝账务明细",
};

/** An import's life: 待提交 after the preview, 提交中 while the matched lines are being settled, 已提交. */
export const IMPORT_STATUS = { preview: "preview", committing: "committing", committed: "committed" } as const;
export type ImportStatus = (typeof IMPORT_STATUS)[keyof typeof IMPORT_STATUS];
export const IMPORT_STATUS_LABEL: Record<ImportStatus, string> = { preview: "待提交", committing: "提交中", committed: "已提交" };

/** What committing did with a 已匹配 line (payment_import_lines.outcome); other lines keep null. */
export const LINE_OUTCOME_SETTLED = "已入账";

/** The template's header, in order (a downloadable example uses it). */
export const TEMPLATE_HEADER = ["专家编号", "金额", "日期", "交易号"] as const;
