// 用户管理: search users, create reviewers/admins (one-time password), disable/enable, change role, reset password.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import Collapse from "antd/es/collapse/index.js";
import { useRef, useState } from "react";
import { ConfirmButton } from "~/components/confirm-button";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { UrlPagination } from "~/components/url-pagination";
import { TableRegion } from "~/components/table-region";
import { requireAuth, requireAbility } from "~/features/accounts/auth.server";
import { readForm, field, clientIp, cleanText, httpError, queryParam } from "~/utils/request.server";
import { parsePaging } from "~/utils/paging";
import { formatTime } from "~/utils/format";
import { NAME_MAX, PHONE_INPUT_MAX, collectErrors, nameProblem, normalizeName, normalizePhone, phoneProblem, usernameProblem, type FormErrors } from "~/features/accounts/validation";
import { createStaff, listUsers, resetPassword, setRole, setStatus } from "~/models/staff.server";
import { findUserById } from "~/models/users.server";
import { batchChoices, existingBatchIds } from "~/models/batches.server";
import { formCatalogs } from "~/models/catalogs.server";
import { scopesOf, setReviewerScopes } from "~/models/reviewer-scopes.server";
import { audit } from "~/models/audit.server";
import { ROLE, type Role } from "~/engine/constants";
import { AUDIT_ACTION, ROLE_LABEL, USER_STATUS } from "~/models/constants";

export const meta: MetaFunction = () => [{ title: "用户管理 - 评标专家管理系统" }];

const ROLES = Object.values(ROLE) as string[];
const INTENTS = ["create", "disable", "enable", "role", "reset", "scopes"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "read", "User");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  const q = queryParam(url, "q", 50);
  const roleParam = url.searchParams.get("role") ?? "";
  const role = ROLES.includes(roleParam) ? roleParam : "";
  const { total, rows, paging: shown } = await listUsers(ability, { q, role, ...paging });
  const [scopes, catalogs, batches] = await Promise.all([
    scopesOf(rows.filter((r) => r.role === ROLE.reviewer).map((r) => r.id)),
    formCatalogs(),
    batchChoices(),
  ]);
  return json({
    me: user.id, total, rows: rows.map((r) => ({ ...r, scopes: scopes.get(r.id) ?? null })), q, role, ...shown,
    regionOptions: catalogs.regions.filter((r) => !r.disabled).map((r) => r.name), batchOptions: batches,
  });
}

type ActionData = { errors?: FormErrors; notice?: string; password?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "read", "User");
  const form = await readForm(request);
  const intent = field(form, "intent", 10);
  if (!INTENTS.includes(intent)) return json<ActionData>({ errors: { form: "未知的操作" } }, { status: 400 });
  const ip = clientIp(context);
  const actor = { id: user.id, name: user.name };

  if (intent === "create") {
    requireAbility(ability, "create", "User");
    const v = { username: field(form, "username", 64), name: normalizeName(field(form, "name", 4 * NAME_MAX)), phone: normalizePhone(field(form, "phone", PHONE_INPUT_MAX)), role: field(form, "role", 16) };
    const errors = collectErrors({
      username: usernameProblem(v.username), name: nameProblem(v.name), phone: phoneProblem(v.phone),
      role: v.role === ROLE.reviewer || v.role === ROLE.admin ? null : "请选择角色",
    });
    if (errors) return json<ActionData>({ errors }, { status: 400 });
    const r = await createStaff(actor, { ...v, role: v.role as Role }, ip);
    if (!r.ok) return json<ActionData>({ errors: r.errors }, { status: 400 });
    return json<ActionData>({ notice: `已创建用户 ${v.username}，请将一次性密码告知本人，首次登录须修改密码：`, password: r.password });
  }

  const id = Number(field(form, "userId", 12));
  const target = Number.isSafeInteger(id) && id > 0 ? await findUserById(id) : undefined;
  if (!target) throw httpError(404, "用户不存在");
  const row = { id: target.id, role: target.role };

  if (intent === "disable" || intent === "enable") {
    requireAbility(ability, "disable", "User", row);
    await setStatus(actor, target.id, intent === "disable" ? USER_STATUS.disabled : USER_STATUS.active, ip);
    return json<ActionData>({ notice: intent === "disable" ? `已停用 ${target.username}，其登录已全部退出` : `已启用 ${target.username}` });
  }
  if (intent === "role") {
    requireAbility(ability, "update", "User", row);
    const role = field(form, "role", 16);
    if (!ROLES.includes(role)) return json<ActionData>({ errors: { role: "请选择角色" } }, { status: 400 });
    if (target.id === user.id) return json<ActionData>({ errors: { role: "不能修改自己的角色" } }, { status: 400 });
    await setRole(actor, target.id, role as Role, ip);
    return json<ActionData>({ notice: `已将 ${target.username} 的角色改为${ROLE_LABEL[role as Role]}` });
  }
  if (intent === "scopes") {
    requireAbility(ability, "update", "User", row);
    if (target.role !== ROLE.reviewer) return json<ActionData>({ errors: { form: "只有审核人员需要设置审核范围" } }, { status: 400 });
    const known = new Set((await formCatalogs()).regions.map((r) => r.name));
    const regions = [...new Set(form.getAll("regions").map((v) => cleanText(v, 50)).filter(Boolean))];
    const batchIds = [...new Set(form.getAll("batches").map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))];
    const bad = regions.filter((r) => !known.has(r));
    if (bad.length) return json<ActionData>({ errors: { form: `地州不存在：${bad.join("、")}` } }, { status: 400 });
    const existing = await existingBatchIds(batchIds);
    if (batchIds.some((b) => !existing.has(b))) return json<ActionData>({ errors: { form: "批次不存在" } }, { status: 400 });
    // Regions × batches; an empty side means "any".
    const list = (regions.length ? regions : [null]).flatMap((region) => (batchIds.length ? batchIds : [null]).map((batchId) => ({ region, batchId })));
    const scopes = regions.length || batchIds.length ? list : [];
    await setReviewerScopes(target.id, scopes);
    await audit({ actor, action: AUDIT_ACTION.scopeChange, target: { type: "User", id: target.id }, ip, detail: { regions, batches: batchIds } });
    return json<ActionData>({ notice: scopes.length ? `已更新 ${target.username} 的审核范围` : `已清空 ${target.username} 的审核范围（将看不到任何申请）` });
  }
  if (intent === "reset") {
    requireAbility(ability, "update", "User", row);
    const password = await resetPassword(actor, target.id, ip);
    return json<ActionData>({ notice: `已重置 ${target.username} 的密码，一次性密码：`, password: password ?? "" });
  }
  throw httpError(400, "未知的操作");
}

/**
 * A row's action button. With `confirm`, it asks first (停用 ends the account's sessions, 重置密码 voids its
 * password: neither is undone by a second click) and then submits its form.
 */
function RowAction({ userId, intent, label, danger, confirm }: {
  userId: number; intent: string; label: string; danger?: boolean; confirm?: { question: string; description: string };
}) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <Form method="post" style={{ display: "inline" }} ref={form}>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="userId" value={userId} />
      {confirm ? (
        <ConfirmButton size="small" type="link" danger={danger} question={confirm.question} description={confirm.description} okText={label}
          onConfirm={() => form.current?.requestSubmit()}>{label}</ConfirmButton>
      ) : (
        <Button size="small" type="link" danger={danger} htmlType="submit">{label}</Button>
      )}
    </Form>
  );
}

function RoleForm({ userId, role }: { userId: number; role: string }) {
  const [value, setValue] = useState(role);
  return (
    <Form method="post" style={{ display: "inline-flex", gap: 4 }}>
      <CsrfInput />
      <input type="hidden" name="intent" value="role" />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="role" value={value} />
      <Select size="small" value={value} onChange={setValue} style={{ width: 100 }} aria-label="角色"
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r as Role] }))} />
      {value !== role ? <Button size="small" htmlType="submit">保存</Button> : null}
    </Form>
  );
}

/** 审核范围: the regions and batches a reviewer handles (none = sees nothing). */
function ScopeForm({ userId, scopes, regionOptions, batchOptions }: { userId: number; scopes: { regions: string[]; batches: number[] }; regionOptions: string[]; batchOptions: { id: number; name: string }[] }) {
  const [regions, setRegions] = useState(scopes.regions);
  const [batches, setBatches] = useState(scopes.batches);
  const changed = regions.join() !== scopes.regions.join() || batches.join() !== scopes.batches.join();
  return (
    <Form method="post" className="scope-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="scopes" />
      <input type="hidden" name="userId" value={userId} />
      {regions.map((r) => <input key={r} type="hidden" name="regions" value={r} />)}
      {batches.map((b) => <input key={b} type="hidden" name="batches" value={b} />)}
      <Select mode="multiple" size="small" value={regions} onChange={setRegions} placeholder="地州（不选为全部）" aria-label="审核地州"
        style={{ minWidth: 160 }} options={[...new Set([...regionOptions, ...scopes.regions])].map((r) => ({ value: r, label: r }))} />
      <Select mode="multiple" size="small" value={batches} onChange={setBatches} placeholder="批次（不选为全部）" aria-label="审核批次"
        style={{ minWidth: 140 }} options={batchOptions.map((b) => ({ value: b.id, label: b.name }))} />
      {changed ? <Button size="small" htmlType="submit">保存范围</Button> : null}
    </Form>
  );
}

export default function Users() {
  const { me, total, rows, q, role, page, pageSize, regionOptions, batchOptions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const [newRole, setNewRole] = useState<string>(ROLE.reviewer);
  const [filterRole, setFilterRole] = useState(role);
  const e = data?.errors ?? {};
  return (
    <>
      <Typography.Title level={3} className="page-title">用户管理</Typography.Title>
      {data?.notice ? (
        <Alert className="form-error" type="success" showIcon role="status"
          title={<span>{data.notice}{data.password ? <code data-testid="one-time-password"> {data.password}</code> : null}</span>} />
      ) : null}
      {e.form || e.role ? <Alert className="form-error" type="error" showIcon title={e.form ?? e.role} /> : null}
      <Collapse style={{ marginBottom: 16 }} defaultActiveKey={e.username || e.name || e.phone ? ["new"] : []} items={[{
        key: "new", label: "新建审核人员或管理员",
        children: (
          <Form method="post" noValidate style={{ maxWidth: 480 }}>
            <CsrfInput />
            <input type="hidden" name="intent" value="create" />
            <Field name="username" label="用户名" required max={32} error={e.username} />
            <Field name="name" label="姓名" required max={NAME_MAX} error={e.name} />
            <Field name="phone" label="手机号" required maxLength={PHONE_INPUT_MAX} inputMode="tel" error={e.phone} />
            <div className="field">
              <label htmlFor="f-role"><span className="req" aria-hidden="true">*</span>角色</label>
              <Select id="f-role" value={newRole} onChange={setNewRole} style={{ width: "100%" }} aria-label="角色"
                options={[ROLE.reviewer, ROLE.admin].map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
              <input type="hidden" name="role" value={newRole} />
            </div>
            <Button type="primary" htmlType="submit" loading={busy}>创建</Button>
          </Form>
        ),
      }]} />
      <Card>
        <Form method="get" style={{ marginBottom: 16 }}>
          <Space wrap>
            <label htmlFor="q-q">关键字</label>
            <Input id="q-q" name="q" defaultValue={q} placeholder="用户名、姓名或手机号" maxLength={50} style={{ width: 220 }} />
            <label htmlFor="q-role">角色</label>
            <Select id="q-role" value={filterRole} onChange={setFilterRole} style={{ width: 120 }} aria-label="角色筛选"
              options={[{ value: "", label: "全部" }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r as Role] }))]} />
            <input type="hidden" name="role" value={filterRole} />
            <Button type="primary" htmlType="submit">查询</Button>
            <Button href="/admin/users">重置</Button>
          </Space>
        </Form>
        <TableRegion label="用户列表">
        <Table
          rowKey="id"
          dataSource={rows}
          pagination={false}
          columns={[
            // No fixed widths: each column takes what its content needs (the short ones unwrapped), so 姓名
            // keeps six characters on a line at 1366 px instead of being squeezed to one (the fixed widths
            // summed to 1150 px, more than the list has beside the side menu).
            { title: "序号", key: "i", className: "cell-nowrap", render: (_v, _r, i) => (page - 1) * pageSize + i + 1 },
            { title: "用户名", dataIndex: "username" },
            { title: "姓名", dataIndex: "name", render: (v: string) => <span className="cell-person-name">{v}</span> },
            { title: "手机号", dataIndex: "phone", className: "cell-nowrap" },
            { title: "角色", key: "role", className: "cell-nowrap", render: (_v, r) => <RoleForm userId={r.id} role={r.role} /> },
            { title: "状态", dataIndex: "status", className: "cell-nowrap", render: (v: string) => (v === USER_STATUS.active ? <Tag color="green">正常</Tag> : <Tag color="red">已停用</Tag>) },
            {
              title: "审核范围", key: "scopes", render: (_v, r) =>
                r.scopes ? <ScopeForm userId={r.id} scopes={r.scopes} regionOptions={regionOptions} batchOptions={batchOptions} /> : "—",
            },
            { title: "创建时间", dataIndex: "created_at", render: (v: number) => formatTime(v) },
            {
              title: "操作", key: "op", render: (_v, r) => (
                <>
                  {/* No 停用 on one's own row: the server refuses it (403), and the page would be lost to the refusal. */}
                  {r.id === me ? null : r.status === USER_STATUS.active
                    ? <RowAction userId={r.id} intent="disable" label="停用" danger
                        confirm={{ question: `确定停用 ${r.username}？`, description: "停用后该账号的登录将全部退出，且不能再登录；之后可随时启用。" }} />
                    : <RowAction userId={r.id} intent="enable" label="启用" />}
                  <RowAction userId={r.id} intent="reset" label="重置密码"
                    confirm={{ question: `确定重置 ${r.username} 的密码？`, description: "将生成一次性密码，原密码立即失效；本人用一次性密码登录后须修改密码。" }} />
                </>
              ),
            },
          ]}
        />
        </TableRegion>
        <UrlPagination total={total} page={page} pageSize={pageSize} />
      </Card>
    </>
  );
}
