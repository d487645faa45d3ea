// 新建/编辑批次: every setting of a batch, checked on the server with messages in place. Forms of the
// chosen workflow version each get a version picker; submissions keep the versions they were filled on.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Checkbox from "antd/es/checkbox/index.js";
import Input from "antd/es/input/index.js";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import Typography from "antd/es/typography/index.js";
import { useMemo, useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { PaymentQrEditor, QR_MISSING } from "~/components/payment-qr-editor";
import { Field } from "~/components/field";
import { CourseEditor } from "~/components/course-editor";
import { EligibilityRulesEditor } from "~/components/eligibility-rules-editor";
import { CertificateSettingsCard } from "~/components/certificate-settings";
import { DEFAULT_PLEDGE_TEXT } from "~/features/admission/documents/default-pledge";
import { APPLICATION_TYPES } from "~/models/constants";
import { batchEditorOptions, batchForEdit, parseBatchInput, ruleFormDefinitions, saveBatch, toLocalTime, typedDates } from "~/models/batch-admin.server";
import { setPaymentQr } from "~/models/payment-qr.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { batchFeeUsage } from "~/features/training/admin.server";
import type { BatchFeeUsage } from "~/features/training/admin.server";
import { formatYuan, parseYuan } from "~/utils/money";
import { now } from "~/utils/clock.server";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "批次设置 - 评标专家管理系统" }];

const idOf = (p: string | undefined) => (p === "new" ? undefined : /^\d{1,12}$/.test(p ?? "") ? Number(p) : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const { ability } = auth;
  requireAbility(ability, "manage", "Batch");
  const id = idOf(params.id);
  if (id === null) throw httpError(404, "批次不存在");
  const options = await batchEditorOptions();
  const batch = id ? await batchForEdit(id) : null;
  if (id && !batch) throw httpError(404, "批次不存在");
  const t = now();
  const latest = options.workflows[0];
  return json({
    isNew: !id,
    batch: batch ?? {
      id: 0, name: "", opensAt: toLocalTime(t), closesAt: toLocalTime(t + 90 * 86_400_000), batchDate: toLocalTime(t).slice(0, 10),
      workflow: latest?.value ?? "", forms: Object.fromEntries((latest?.forms ?? []).map((k) => [k, options.formVersions[k]?.[0]?.value ?? 1])),
      pledgeText: DEFAULT_PLEDGE_TEXT, eligibilityRules: "[]", applicationTypes: ["新增"], numberFormat: "XJ{year}{seq:4}", feeYuan: "0.00", retakeFeeYuan: "0.00", courses: [] as { name: string; days: string }[],
      paymentInstructions: "", paymentWorkingDays: 2, certificateYears: 2, paymentQrUrl: null,
      certificateNumberFormat: "ZS{year}{seq:5}", certificateIssuer: "新疆维吾尔自治区评标专家管理办公室",
    },
    options,
    // Every version of the workflows' forms, so the 资格规则 sentences follow a version chosen on the page.
    ruleForms: await ruleFormDefinitions(options.workflows.flatMap((w) => w.forms)),
    // Enrolments keep the fee they were enrolled with: the page says what a new fee would (not) change.
    enrolled: batch ? await batchFeeUsage(auth, batch.id) : null,
  });
}

/** A refused save: messages per field, and the dates as typed (a page without scripts shows them again). */
type ActionData = { errors: Record<string, string>; dates?: ReturnType<typeof typedDates> };
export type QrAnswer = { ok: boolean; message: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const { user, ability } = auth;
  requireAbility(ability, "manage", "Batch");
  const form = await readForm(request);
  const id = idOf(params.id);
  const before = id ? await batchForEdit(id) : undefined;
  if (id === null || (id && !before)) throw httpError(404, "批次不存在");
  const intent = field(form, "intent", 20);
  if (intent === "payment-qr" || intent === "remove-payment-qr") {
    if (!id) throw httpError(404, "请先保存批次，再上传收款二维码");
    const r = await setPaymentQr({ id: user.id, name: user.name }, id, intent === "payment-qr" ? field(form, "ref", 80) : null, clientIp(context));
    return json<QrAnswer>({ ok: r.ok, message: r.message }, { status: r.ok ? 200 : r.status });
  }
  if (intent) throw httpError(400, "未知的操作");
  const parsed = await parseBatchInput(form, id);
  if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, dates: typedDates(form) }, { status: 400 });
  const saved = await saveBatch({ id: user.id, name: user.name }, parsed.value, clientIp(context), id);
  // A new fee with enrolments already made: the saved page repeats who keeps the old one.
  const feeChanged = before && before.feeYuan !== formatYuan(parsed.value.feeFen) && (await batchFeeUsage(auth, saved)).total > 0;
  return redirect(`/admin/batches/${saved}?saved=1${feeChanged ? "&fee=changed" : ""}`);
}

/** "0.00 元 3 人、300.00 元 1 人": the fees enrolments were made with. */
const feeBreakdown = (u: BatchFeeUsage) => u.byFee.map((f) => `${f.fee} 元 ${f.n} 人`).join("、");

/**
 * What a new 培训费用 means for the batch's enrolments (they keep theirs): under the fee field while it is
 * edited, and once more after saving a changed fee.
 */
function feeChangeNote(u: BatchFeeUsage, newFee: string) {
  const kept = u.byFee.length ? `（${feeBreakdown(u)}）` : "";
  return `本批次已有 ${u.total} 名专家报名培训${kept}，他们仍按报名时的费用缴费，不随此修改而变；新的培训费用 ${newFee} 元只适用于此后审核通过的专家。`;
}

function Area({ name, label, value, rows, error, required, help }: { name: string; label: string; value: string; rows: number; error?: string; required?: boolean; help?: string }) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{required ? <span className="req" aria-hidden="true">*</span> : null}{label}</label>
      <Input.TextArea id={id} name={name} defaultValue={value} rows={rows} status={error ? "error" : undefined} aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : help ? `${id}-help` : undefined} />
      {help ? <div className="help" id={`${id}-help`}>{help}</div> : null}
      {error ? <div className="err" id={`${id}-err`} role="alert">{error}</div> : null}
    </div>
  );
}

export default function BatchEditor() {
  const { isNew, batch, options, enrolled, ruleForms } = useLoaderData<typeof loader>();
  const [fee, setFee] = useState(batch.feeYuan);
  const typedFen = parseYuan(fee);
  const feeEdited = !!enrolled?.total && typedFen !== null && formatYuan(typedFen) !== batch.feeYuan;
  const answer = useActionData<typeof action>() as ActionData | undefined;
  const e = answer?.errors ?? {};
  // Without scripts the refused page is a new page: the dates come back as typed, not as saved.
  const dates = answer?.dates ?? batch;
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const [workflow, setWorkflow] = useState(batch.workflow);
  const [forms, setForms] = useState<Record<string, number>>(batch.forms);
  const [types, setTypes] = useState<string[]>(batch.applicationTypes);
  const formKeys = options.workflows.find((w) => w.value === workflow)?.forms ?? [];
  const formsKey = formKeys.map((k) => `${k}@${forms[k] ?? options.formVersions[k]?.[0]?.value}`).join(",");
  const ruleFormList = useMemo(() => formsKey.split(",").flatMap((at) => {
    const d = ruleForms[at];
    return d ? [{ key: at.split("@")[0], ...d }] : [];
  }), [formsKey, ruleForms]);
  return (
    <>
      <Typography.Title level={3} className="page-title">{isNew ? "新建批次" : `编辑批次：${batch.name}`}</Typography.Title>
      {params.get("saved") ? <Alert type="success" showIcon role="status" title="已保存" style={{ marginBottom: 16 }} /> : null}
      {params.get("fee") === "changed" && enrolled?.total ? (
        <Alert type="warning" showIcon role="status" className="fee-change-saved" title="培训费用已修改" description={feeChangeNote(enrolled, batch.feeYuan)} style={{ marginBottom: 16 }} />
      ) : null}
      {params.get("cloned") ? <Alert type="info" showIcon role="status" title="已复制。请修改批次名称和报名时间后保存；报名时间开始前专家看不到该批次。" style={{ marginBottom: 16 }} /> : null}
      {Object.keys(e).length ? <Alert type="error" showIcon role="alert" title="请按提示修改后再保存" style={{ marginBottom: 16 }} /> : null}
      <Form method="post" noValidate>
        <CsrfInput />
        <Card title="基本设置" style={{ marginBottom: 16 }}>
          <Field name="name" label="批次名称" required max={100} defaultValue={batch.name} error={e.name} placeholder="如 2026年第一批" />
          <Field name="opensAt" label="报名开始时间" required type="datetime-local" defaultValue={dates.opensAt} error={e.opensAt} />
          <Field name="closesAt" label="报名截止时间" required type="datetime-local" defaultValue={dates.closesAt} error={e.closesAt} />
          <Field name="batchDate" label="批次基准日" required type="date" defaultValue={dates.batchDate} error={e.batchDate} help="资格规则中的年龄、年限按此日期计算" />
          <div className="field">
            <span className="label" id="l-types"><span className="req" aria-hidden="true">*</span>允许的入库类型</span>
            <Checkbox.Group aria-labelledby="l-types" value={types} onChange={(v) => setTypes(v as string[])} options={APPLICATION_TYPES.map((t) => ({ value: t, label: t }))} />
            {types.map((t) => <input key={t} type="hidden" name="applicationTypes" value={t} />)}
            {e.applicationTypes ? <div className="err" role="alert">{e.applicationTypes}</div> : null}
          </div>
          <Field name="numberFormat" label="专家编号格式" required max={60} defaultValue={batch.numberFormat} error={e.numberFormat} help="{year} 为审核通过的年份，{seq:4} 为四位顺序号，如 XJ{year}{seq:4}" />
        </Card>
        <Card title="流程与表单版本" style={{ marginBottom: 16 }}>
          <div className="field">
            <label htmlFor="f-workflow"><span className="req" aria-hidden="true">*</span>流程版本</label>
            <Select id="f-workflow" value={workflow} onChange={(v) => setWorkflow(v)} style={{ width: "100%" }} aria-label="流程版本"
              options={options.workflows.map((w) => ({ value: w.value, label: w.label }))} />
            <input type="hidden" name="workflow" value={workflow} />
            {e.workflow ? <div className="err" role="alert">{e.workflow}</div> : null}
          </div>
          {formKeys.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`f-form-${k}`}>表单「{options.formVersions[k]?.[0]?.label.replace(/ 第\d+版$/, "") ?? k}」版本</label>
              <Select id={`f-form-${k}`} aria-label={`${k} 版本`} value={forms[k] ?? options.formVersions[k]?.[0]?.value} style={{ width: "100%" }}
                onChange={(v) => setForms({ ...forms, [k]: v })} options={options.formVersions[k] ?? []} />
              <input type="hidden" name={`forms.${k}`} value={forms[k] ?? options.formVersions[k]?.[0]?.value ?? ""} />
              <NewerFormVersions versions={options.formVersions[k] ?? []} changes={options.formChanges[k] ?? {}} chosen={forms[k] ?? options.formVersions[k]?.[0]?.value} />
              {e[`forms.${k}`] ? <div className="err" role="alert">{e[`forms.${k}`]}</div> : null}
            </div>
          ))}
        </Card>
        <Card title="资格规则与承诺书" style={{ marginBottom: 16 }}>
          <EligibilityRulesEditor initial={batch.eligibilityRules} forms={ruleFormList} error={e.eligibilityRules} />
          <Area name="pledgeText" label="承诺书正文" required rows={10} value={batch.pledgeText} error={e.pledgeText} help="{{name}} 与 {{idCard}} 处填入专家姓名和身份证号" />
        </Card>
        <Card title="培训与缴费" style={{ marginBottom: 16 }}>
          {/* The fee as typed: a fee about to be set warns before it is saved, not after experts are told to pay. */}
          {(typedFen ?? 0) > 0 && !batch.paymentQrUrl ? (
            <Alert type="warning" showIcon className="qr-missing-warning" title={QR_MISSING}
              description={isNew ? "保存批次后，在本页下方「收款二维码」中上传。" : <a href="#payment-qr">在本页下方「收款二维码」中上传</a>} style={{ marginBottom: 12 }} />
          ) : null}
          <Field name="feeYuan" label="培训费用（元）" inputMode="decimal" defaultValue={batch.feeYuan} error={e.feeYuan} onChange={(ev) => setFee(ev.target.value)}
            help={enrolled?.total ? `0 表示无需缴费；最多两位小数。已报名的 ${enrolled.total} 名专家${enrolled.byFee.length ? `（${feeBreakdown(enrolled)}）` : ""}按报名时的费用缴费，修改只影响此后审核通过的专家` : "0 表示无需缴费；最多两位小数"} />
          {feeEdited ? <Alert type="warning" showIcon role="alert" className="fee-change-warning" title={feeChangeNote(enrolled!, formatYuan(typedFen!))} style={{ marginBottom: 12 }} /> : null}
          <Field name="retakeFeeYuan" label="补学费用（元）" inputMode="decimal" defaultValue={batch.retakeFeeYuan} error={e.retakeFeeYuan} help="考试未通过需补学时缴纳；0 表示补学免费" />
          <Area name="paymentInstructions" label="缴费说明" rows={4} value={batch.paymentInstructions} error={e.paymentInstructions} />
          <Field name="paymentWorkingDays" label="缴费期限（工作日）" inputMode="numeric" defaultValue={String(batch.paymentWorkingDays)} error={e.paymentWorkingDays} help="审核通过后的工作日数（不含节假日，含调休上班日）" />
        </Card>
        <CourseEditor initial={batch.courses} error={e.courses} />
        <CertificateSettingsCard value={batch} errors={e} />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>保存</Button>
          {isNew ? null : <Link to={`/admin/batches/${batch.id}/courses`}>课程内容</Link>}
          <Link to="/admin/batches">返回列表</Link>
          {!isNew ? <Link to={`/admin/batches/${batch.id}/exam`}>考试设置</Link> : null}
        </Space>
      </Form>
      {/* Outside the settings form: the image is attached at once, on its own. */}
      <PaymentQrEditor saved={!isNew} url={batch.paymentQrUrl} />
    </>
  );
}

/** How many change sentences a newer-version note lists before 「等 N 项」. */
const NEWER_SHOWN = 6;

/**
 * Under a form's version picker: when the batch is on an older version, what the newer ones change (each
 * version's sentences against the one before it), so an administrator sees why to move the batch on.
 */
function NewerFormVersions({ versions, changes, chosen }: { versions: { value: number }[]; changes: Record<number, string[]>; chosen: number | undefined }) {
  const latest = versions[0]?.value;
  if (latest === undefined || chosen === undefined || chosen >= latest) return null;
  const sentences = versions.filter((v) => v.value > chosen).reverse().flatMap((v) => (changes[v.value] ?? []).map((t) => `第${v.value}版：${t}`));
  const shown = sentences.slice(0, NEWER_SHOWN);
  return (
    <Alert type="info" showIcon className="form-version-newer" style={{ marginTop: 8 }}
      title={`已有更新的版本（第${latest}版）；本批次的新申请仍按所选版本填写`}
      description={sentences.length ? (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {shown.map((t) => <li key={t}>{t}</li>)}
          {sentences.length > shown.length ? <li>等 {sentences.length} 项变更</li> : null}
        </ul>
      ) : undefined} />
  );
}
